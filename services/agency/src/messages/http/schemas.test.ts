import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StatsSchema } from '@mou-hub/protocol';
import { SendRequest } from './schemas.ts';

const send = (stats: unknown) => ({
  to: 'la-mlsw',
  agreement: 'la-th',
  type: 'case.note',
  lang: 'th',
  body: { text: 'x' },
  stats,
});

describe('the API’s stats', () => {
  it.each([
    ['camelCase names', { victimCount: 2 }],
    ['a count over a million', { persons: 1_000_001 }],
    ['more than 16 counts', Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`c${'abcdefghijklmnopq'[i]}`, 1]))],
    ['a fraction', { persons: 1.5 }],
    ['a negative count', { persons: -1 }],
  ])('refuses what the envelope refuses: %s', (_, stats) => {
    expect(v.safeParse(StatsSchema, stats).success).toBe(false);
    expect(v.safeParse(SendRequest, send(stats)).success).toBe(false);
  });

  it('takes what the envelope takes', () => {
    const stats = { persons: 2, minors: 1, 'days-waited': 3 };
    expect(v.safeParse(StatsSchema, stats).success).toBe(true);
    expect(v.safeParse(SendRequest, send(stats)).success).toBe(true);
  });
});
