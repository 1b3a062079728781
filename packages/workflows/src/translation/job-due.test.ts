import { describe, expect, it } from 'vitest';
import type { Deadline, TranslationDeadline } from '@mou-hub/protocol';
import { caseDeadlines, type TimedStep } from '../deadlines/index.ts';
import { caseTranslationPauses, translationJobDue, translationWaits, type CaseTranslationJob } from './index.ts';

// Issue 16: a translation job has its own due date; the pause it puts on a step ends there, and
// the step's clock runs again (an untranslated request becomes overdue).
const H = 3_600_000;
/** `hh`:00 in Vientiane (UTC+7) on `date`. */
const la = (date: string, hh = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hh - 7) * H).toISOString();

const decide: Deadline = {
  step: 'decide-repatriation',
  starts: 'repatriation.request',
  endedBy: ['repatriation.assessment'],
  within: 5,
  unit: 'business-days',
  source: 'secretariat-policy',
  pausesForTranslation: true,
};
const translation: TranslationDeadline = { within: 3, unit: 'business-days', source: 'secretariat-policy' };
const parties = { initiator: 'th-msdhs', responder: 'la-mlsw' };
// Monday 9 February 2026, 10:00 Vientiane: the Thai request arrives; its Lao translation opens at once.
const request: TimedStep = { type: 'repatriation.request', side: 'initiator', at: la('2026-02-09') };
const open: CaseTranslationJob = { side: 'responder', history: [{ status: 'needed', at: la('2026-02-09') }] };

function decideAt(now: string, jobs: readonly CaseTranslationJob[], policy: TranslationDeadline | null = translation) {
  const steps = [request];
  const pauses = caseTranslationPauses({ deadlines: [decide], translation: policy ?? undefined, steps, parties, jobs });
  return caseDeadlines({ deadlines: [decide], steps, parties, now, pauses })[0]!;
}

describe('translationJobDue', () => {
  it.each([
    ['three Lao business days from Monday', translation, 'la-mlsw', la('2026-02-09'), la('2026-02-12')],
    ['over a weekend', translation, 'la-mlsw', la('2026-02-12'), la('2026-02-17')],
    ['over Pi Mai (Lao calendar)', translation, 'la-mlsw', la('2026-04-10'), la('2026-04-20')],
    ['in hours', { ...translation, within: 8, unit: 'hours' } as TranslationDeadline, 'la-mlsw', la('2026-02-09'), la('2026-02-09', 18)],
    ['without a policy', undefined, 'la-mlsw', la('2026-02-09'), undefined],
    ['without a status', translation, 'la-mlsw', undefined, undefined],
  ] as const)('%s', (_, policy, agency, opened, due) => {
    expect(translationJobDue(policy, agency, opened)).toBe(due);
  });
});

describe('caseTranslationPauses: the pause ends at the job due date (fixed clocks)', () => {
  it('pauses the step while the job is open and before its due date; the step is due after the job plus its own period', () => {
    const d = decideAt(la('2026-02-11'), [open]);
    expect(d).toMatchObject({ paused: true, overdue: false, due: la('2026-02-19') });
  });

  it('runs the step again once the job is past due: an untranslated request becomes overdue', () => {
    // Job due Thursday 12 February; the step's own 5 business days then run to Thursday 19 February.
    expect(decideAt(la('2026-02-13'), [open])).toMatchObject({ paused: false, overdue: false, due: la('2026-02-19') });
    expect(decideAt(la('2026-02-19', 9), [open])).toMatchObject({ paused: false, overdue: false });
    expect(decideAt(la('2026-02-19', 11), [open])).toMatchObject({ paused: false, overdue: true, status: 'open' });
  });

  it('keeps the due date still from one view to the next (it no longer slides with now)', () => {
    const views = [la('2026-02-10'), la('2026-02-11'), la('2026-02-12', 9)].map((now) => decideAt(now, [open]).due);
    expect(new Set(views)).toEqual(new Set([la('2026-02-19')]));
  });

  it('without a translation policy, an open job holds the step for ever (the old rule)', () => {
    expect(decideAt(la('2026-06-01'), [open], null)).toMatchObject({ paused: true, overdue: false });
  });

  it('a job reviewed before its due date pauses only as long as it was open', () => {
    const reviewed: CaseTranslationJob = { side: 'responder', history: [...open.history, { status: 'reviewed', at: la('2026-02-10') }] };
    expect(decideAt(la('2026-02-11'), [reviewed])).toMatchObject({ paused: false, due: la('2026-02-17') });
  });

  it.each([
    ['the asking side', { ...open, side: 'initiator' } as CaseTranslationJob],
    ['a job of no status yet', { side: 'responder', history: [] } as CaseTranslationJob],
  ])('ignores a job of %s', (_, job) => {
    expect(decideAt(la('2026-02-11'), [job])).toMatchObject({ paused: false, due: la('2026-02-16') });
  });

  it('pauses nothing when no step pauses for translation, or before the step starts', () => {
    const steps = [request];
    expect(caseTranslationPauses({ deadlines: [{ ...decide, pausesForTranslation: false }], translation, steps, parties, jobs: [open] })).toEqual([]);
    expect(caseTranslationPauses({ deadlines: [decide], translation, steps: [], parties, jobs: [open] })).toEqual([]);
  });
});

describe('translationWaits: the translation wait as its own figure', () => {
  it('counts each side apart, in its business days, open stretches to now', () => {
    const thai: CaseTranslationJob = { side: 'initiator', history: [{ status: 'needed', at: la('2026-02-10') }, { status: 'reviewed', at: la('2026-02-11') }] };
    const later: CaseTranslationJob = { side: 'initiator', history: [{ status: 'needed', at: la('2026-02-12') }, { status: 'not-needed', at: la('2026-02-12', 12) }] };
    const waits = translationWaits({ parties, jobs: [open, thai, later], now: la('2026-02-16') });
    expect(waits).toEqual([
      { side: 'initiator', from: la('2026-02-10'), to: la('2026-02-11'), rawMs: 24 * H, businessMs: 24 * H },
      { side: 'initiator', from: la('2026-02-12'), to: la('2026-02-12', 12), rawMs: 2 * H, businessMs: 2 * H },
      // Monday 9 to Monday 16 February, a weekend between: 5 Lao business days of 7 calendar days.
      { side: 'responder', from: la('2026-02-09'), rawMs: 7 * 24 * H, businessMs: 5 * 24 * H },
    ]);
  });

  it('is empty for a case without translations', () => {
    expect(translationWaits({ parties, jobs: [{ side: 'responder', history: [] }], now: la('2026-02-16') })).toEqual([]);
  });
});
