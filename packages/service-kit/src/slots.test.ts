import { describe, expect, it } from 'vitest';
import { hashPassword, passwordSlots, verifyPassword } from './password.ts';
import { Slots, SlotsFullError } from './slots.ts';

describe('Slots', () => {
  it('runs at most `size` at once, queues up to `maxWaiting`, and refuses past that', async () => {
    const slots = new Slots(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const started = Array.from({ length: 5 }, () => slots.run(task));
    expect(slots.load).toEqual({ running: 2, waiting: 3 });
    await expect(slots.run(task)).rejects.toBeInstanceOf(SlotsFullError);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(started);
    expect(peak).toBe(2);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('caps concurrent scrypt calls of password checks', async () => {
    const stored = await hashPassword('correct horse');
    const checks = Array.from({ length: 6 }, () => verifyPassword('wrong', stored));
    expect(passwordSlots.load).toEqual({ running: passwordSlots.size, waiting: 6 - passwordSlots.size });
    expect(await Promise.all(checks)).toEqual([false, false, false, false, false, false]);
    expect(passwordSlots.load).toEqual({ running: 0, waiting: 0 });
  });
});
