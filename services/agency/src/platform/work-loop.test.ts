import { describe, expect, it } from 'vitest';
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
});
