import { describe, expect, it } from 'vitest';
import { UUID_V7 } from '../names.ts';
import { uuidv7 } from './uuidv7.ts';

describe('uuidv7', () => {
  it('is a lower-case v7 carrying the time', () => {
    const id = uuidv7(0x0193f3b65a2c);
    expect(id).toMatch(UUID_V7);
    expect(id.startsWith('0193f3b6-5a2c-7')).toBe(true);
  });

  it('is strictly increasing within one millisecond and across a clock step back', () => {
    const now = Date.now() + 10_000;
    const ids = [...Array.from({ length: 5000 }, () => uuidv7(now)), uuidv7(now - 5000), uuidv7(now + 1)];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
