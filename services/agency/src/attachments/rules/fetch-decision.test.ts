import { describe, expect, it } from 'vitest';
import { afterFetch, type FetchOutcome } from './fetch-decision.ts';

describe('afterFetch', () => {
  it.each<[string, FetchOutcome, number, object]>([
    ['verified', { kind: 'verified' }, 0, { state: 'verified', detail: null, retryInMs: null }],
    ['not found: missing, tried again in 1 s', { kind: 'missing', code: 'not-found' }, 0, { state: 'attachment-missing', detail: { code: 'not-found' }, retryInMs: 1_000 }],
    ['incomplete after 3 tries: 8 s', { kind: 'missing', code: 'incomplete' }, 3, { state: 'attachment-missing', detail: { code: 'incomplete' }, retryInMs: 8_000 }],
    ['missing for long: at most 15 min', { kind: 'missing', code: 'not-found' }, 40, { retryInMs: 15 * 60_000 }],
    ['corrupt: final', { kind: 'corrupt', code: 'attachment-corrupt' }, 0, { state: 'attachment-corrupt', detail: { code: 'attachment-corrupt' }, retryInMs: null }],
    ['broker down: state kept', { kind: 'unavailable' }, 1, { state: 'fetching', detail: null, retryInMs: 2_000 }],
  ])('%s', (_name, outcome, attempts, want) => {
    expect(afterFetch('fetching', attempts, outcome)).toMatchObject(want);
  });

  it('keeps a missing one missing while the broker is down', () => {
    expect(afterFetch('attachment-missing', 2, { kind: 'unavailable' }).state).toBe('attachment-missing');
  });
});
