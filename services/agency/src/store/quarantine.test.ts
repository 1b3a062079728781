import { describe, expect, it } from 'vitest';
import { JUNK_PREFIX_BYTES, quarantinedRaw } from './quarantine.ts';

const bytes = (n: number) => new TextEncoder().encode('x'.repeat(n));

describe('quarantinedRaw', () => {
  it.each([
    ['small unverified junk, whole', 100, false, 100, 0],
    ['unverified junk, a bounded prefix', 200_000, false, JUNK_PREFIX_BYTES, 1],
    ['junk just at the prefix, whole', JUNK_PREFIX_BYTES, false, JUNK_PREFIX_BYTES, 0],
    ['a verified message, whole', 200_000, true, 200_000, 0],
  ])('%s', (_what, size, verified, kept, truncated) => {
    const r = quarantinedRaw(bytes(size), { verified });
    expect(r.raw.length).toBe(kept);
    expect(r.truncated).toBe(truncated);
  });
});
