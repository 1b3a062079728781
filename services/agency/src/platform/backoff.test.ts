import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it('starts at 250 ms, doubles, and stops growing at 30 s plus jitter', () => {
    expect(retryDelayMs(1, () => 0)).toBe(250);
    expect(retryDelayMs(2, () => 0)).toBe(500);
    expect(retryDelayMs(5, () => 0)).toBe(4_000);
    expect(retryDelayMs(40, () => 0)).toBe(30_000);
    expect(retryDelayMs(40, () => 1)).toBe(36_000);
  });
});
