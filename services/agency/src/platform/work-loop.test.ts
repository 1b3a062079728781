import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkLoop } from './work-loop.ts';

describe('WorkLoop', () => {
  it('runs rounds back to back while they find work, rests when idle, and wakes early', async () => {
    let rounds = 0;
    let work = 3;
    const loop = new WorkLoop({ round: async () => (rounds++, work-- > 0), onError: () => {}, idleMs: 10_000 });
    loop.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(4); // three busy rounds, then one that found nothing, then a long rest
    loop.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(5);
    const stopped = Date.now();
    await loop.stop();
    expect(Date.now() - stopped).toBeLessThan(1_000);
    expect(loop.isRunning()).toBe(false);
  });

  it('reports a failed round and rests before the next', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new WorkLoop({ round: async () => { rounds++; throw new Error('database busy'); }, onError: (e) => errors.push(e), idleMs: 10_000 });
    loop.start();
    await new Promise((r) => setTimeout(r, 50));
    expect({ rounds, errors: errors.length }).toEqual({ rounds: 1, errors: 1 });
    await loop.stop();
  });

  describe('with nextDueAt', () => {
    afterEach(() => vi.useRealTimers());
    const idleRounds = async (due: () => Promise<number | undefined>) => {
      vi.useFakeTimers();
      let rounds = 0;
      const loop = new WorkLoop({ round: async () => (rounds++, false), onError: () => {}, idleMs: 500, maxIdleMs: 2_000, nextDueAt: due });
      loop.start();
      return { loop, rounds: () => rounds };
    };

    it('rests until the next due work, at least idleMs', async () => {
      const { loop, rounds } = await idleRounds(async () => Date.now() + 1_200);
      await vi.advanceTimersByTimeAsync(0);
      expect(rounds()).toBe(1);
      await vi.advanceTimersByTimeAsync(1_150);
      expect(rounds()).toBe(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(rounds()).toBe(2);
      const soon = await idleRounds(async () => Date.now() + 10);
      await vi.advanceTimersByTimeAsync(400);
      expect(soon.rounds()).toBe(1);
      await vi.advanceTimersByTimeAsync(150);
      expect(soon.rounds()).toBe(2);
      await loop.stop();
      await soon.loop.stop();
    });

    it('rests maxIdleMs with nothing due, and wakes early', async () => {
      const { loop, rounds } = await idleRounds(async () => undefined);
      await vi.advanceTimersByTimeAsync(1_900);
      expect(rounds()).toBe(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(rounds()).toBe(2);
      loop.wake();
      await vi.advanceTimersByTimeAsync(0);
      expect(rounds()).toBe(3);
      await loop.stop();
    });

    it('rests idleMs when it cannot tell, and reports why', async () => {
      const errors: unknown[] = [];
      vi.useFakeTimers();
      let rounds = 0;
      const loop = new WorkLoop({ round: async () => (rounds++, false), onError: (e) => errors.push(e), idleMs: 500, maxIdleMs: 2_000, nextDueAt: async () => { throw new Error('database busy'); } });
      loop.start();
      await vi.advanceTimersByTimeAsync(550);
      // A rest of idleMs after each round, each after its own failed question.
      expect({ rounds, errors: errors.length }).toEqual({ rounds: 2, errors: 2 });
      await loop.stop();
    });
  });
});
