import { describe, expect, it } from 'vitest';
import { drainReadiness } from './drain.ts';

describe('drainReadiness', () => {
  it.each([
    [0, 0, 600_000, { ok: true, detail: 'drained' }],
    [5, 590_000, 600_000, { ok: true, detail: '5 waiting, draining' }],
    [5, 0, 60_000, { ok: true, detail: '5 waiting, draining' }],
    [5, 0, 75_000, { ok: false, detail: '5 waiting, none handled for 75 s' }],
    [undefined, 0, 600_000, { ok: true, detail: 'backlog unknown' }],
  ])('%s waiting, last handled at %s, now %s', (pending, last, now, expected) => {
    expect(drainReadiness(pending, last, now)).toEqual(expected);
  });
});
