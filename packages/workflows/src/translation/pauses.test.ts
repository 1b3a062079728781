import { describe, expect, it } from 'vitest';
import type { TranslationStatus } from '@mou-hub/protocol';
import { pausedMs, translationPauses } from './pauses.ts';

const h = (...steps: [TranslationStatus, string][]) => steps.map(([status, at]) => ({ status, at: `2026-03-${at}:00.000Z` }));
const d = (at: string) => new Date(`2026-03-${at}:00.000Z`);

describe('translationPauses', () => {
  it.each([
    ['a reviewed job', [h(['needed', '02T08:00'], ['claimed', '02T09:00'], ['reviewed', '03T08:00'])], [{ start: d('02T08:00'), end: d('03T08:00') }]],
    ['a job not needed', [h(['needed', '02T08:00'], ['not-needed', '02T10:00'])], [{ start: d('02T08:00'), end: d('02T10:00') }]],
    ['a machine draft: still open', [h(['needed', '02T08:00'], ['machine-draft', '02T08:05'])], [{ start: d('02T08:00'), end: undefined }]],
    ['a job returned then reviewed', [h(['needed', '02T08:00'], ['returned', '02T12:00'], ['reviewed', '04T08:00'])], [{ start: d('02T08:00'), end: d('04T08:00') }]],
    [
      'two overlapping jobs merge',
      [h(['needed', '02T08:00'], ['reviewed', '03T08:00']), h(['needed', '02T20:00'], ['reviewed', '04T08:00'])],
      [{ start: d('02T08:00'), end: d('04T08:00') }],
    ],
    [
      'two apart stay apart',
      [h(['needed', '05T08:00'], ['reviewed', '05T09:00']), h(['needed', '02T08:00'], ['reviewed', '02T09:00'])],
      [{ start: d('02T08:00'), end: d('02T09:00') }, { start: d('05T08:00'), end: d('05T09:00') }],
    ],
    ['an open job swallows a later one', [h(['needed', '02T08:00']), h(['needed', '03T08:00'], ['reviewed', '04T08:00'])], [{ start: d('02T08:00'), end: undefined }]],
    ['no jobs', [], []],
  ])('%s', (_, jobs, pauses) => {
    expect(translationPauses(jobs)).toEqual(pauses);
  });
});

describe('pausedMs', () => {
  const hour = 3_600_000;
  it('counts only the part inside the window, open intervals up to its end', () => {
    const pauses = [{ start: d('02T08:00'), end: d('02T12:00') }, { start: d('03T08:00') }];
    expect(pausedMs(pauses, d('02T10:00'), d('03T10:00'))).toBe(4 * hour);
    expect(pausedMs(pauses, d('01T00:00'), d('02T09:00'))).toBe(1 * hour);
    expect(pausedMs([], d('01T00:00'), d('09T00:00'))).toBe(0);
  });
});
