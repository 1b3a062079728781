import { describe, expect, it } from 'vitest';
import type { Deadline, TranslationStatus } from '@mou-hub/protocol';
import { translationPauses, translationPausesFor } from './pauses.ts';

const t = (at: string) => `2026-03-${at}:00.000Z`;
const h = (...steps: [TranslationStatus, string][]) => steps.map(([status, at]) => ({ status, at: t(at) }));

describe('translationPauses', () => {
  it.each([
    ['a reviewed job', [h(['needed', '02T08:00'], ['claimed', '02T09:00'], ['reviewed', '03T08:00'])], [{ from: t('02T08:00'), to: t('03T08:00') }]],
    ['a job not needed', [h(['needed', '02T08:00'], ['not-needed', '02T10:00'])], [{ from: t('02T08:00'), to: t('02T10:00') }]],
    ['a machine draft: still open', [h(['needed', '02T08:00'], ['machine-draft', '02T08:05'])], [{ from: t('02T08:00') }]],
    ['a job returned then reviewed', [h(['needed', '02T08:00'], ['returned', '02T12:00'], ['reviewed', '04T08:00'])], [{ from: t('02T08:00'), to: t('04T08:00') }]],
    [
      'two overlapping jobs merge',
      [h(['needed', '02T08:00'], ['reviewed', '03T08:00']), h(['needed', '02T20:00'], ['reviewed', '04T08:00'])],
      [{ from: t('02T08:00'), to: t('04T08:00') }],
    ],
    [
      'two apart stay apart, in order',
      [h(['needed', '05T08:00'], ['reviewed', '05T09:00']), h(['needed', '02T08:00'], ['reviewed', '02T09:00'])],
      [{ from: t('02T08:00'), to: t('02T09:00') }, { from: t('05T08:00'), to: t('05T09:00') }],
    ],
    ['an open job swallows a later one', [h(['needed', '02T08:00']), h(['needed', '03T08:00'], ['reviewed', '04T08:00'])], [{ from: t('02T08:00') }]],
    ['a later open job keeps the pause open', [h(['needed', '02T08:00'], ['reviewed', '03T08:00']), h(['needed', '02T09:00'])], [{ from: t('02T08:00') }]],
    ['no jobs', [], []],
  ])('%s', (_, jobs, pauses) => {
    expect(translationPauses(jobs)).toEqual(pauses);
  });
});

describe('translationPausesFor', () => {
  const deadline = (step: string, pausesForTranslation?: boolean): Deadline => ({
    step,
    starts: 'repatriation.request',
    endedBy: ['repatriation.assessment'],
    within: 7,
    unit: 'days',
    source: 'secretariat-policy',
    ...(pausesForTranslation === undefined ? {} : { pausesForTranslation }),
  });
  const jobs = [h(['needed', '02T08:00'], ['reviewed', '03T08:00'])];

  it('pauses only the steps whose policy says so', () => {
    expect(translationPausesFor([deadline('acknowledge'), deadline('decide', true), deadline('other', false)], jobs)).toEqual([
      { from: t('02T08:00'), to: t('03T08:00'), step: 'decide' },
    ]);
  });

  it('pauses nothing when no step pauses for translation', () => {
    expect(translationPausesFor([deadline('acknowledge')], jobs)).toEqual([]);
  });
});
