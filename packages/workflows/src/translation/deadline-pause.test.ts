import { describe, expect, it } from 'vitest';
import type { Deadline } from '@mou-hub/protocol';
import { caseDeadlines } from '../deadlines/index.ts';
import { translationPausesFor, type TranslationStatusChange } from './index.ts';

// Issue 9, item 5: a step whose policy pauses for translation is not overdue while the answering
// side's translation is open, and becomes overdue when the time net of translation passes.
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

const decide: Deadline = {
  step: 'decide-repatriation',
  starts: 'repatriation.request',
  endedBy: ['repatriation.assessment'],
  within: 7,
  unit: 'days',
  source: 'secretariat-policy',
  pausesForTranslation: true,
};
const acknowledge: Deadline = { ...decide, step: 'acknowledge-repatriation', endedBy: ['case.note'], pausesForTranslation: undefined };

function deadlinesAt(now: number, jobs: TranslationStatusChange[][]) {
  const policy = [decide, acknowledge];
  return caseDeadlines({
    deadlines: policy,
    steps: [{ type: 'repatriation.request', side: 'initiator', at: at(0) }],
    parties: { initiator: 'th-msdhs', responder: 'la-mlsw' },
    now: at(now),
    pauses: translationPausesFor(policy, jobs),
  });
}
const step = (list: ReturnType<typeof deadlinesAt>, name: string) => list.find((d) => d.step === name)!;

describe('a deadline that pauses for translation (fixed clocks)', () => {
  const reviewedAfter3Days = [[{ status: 'needed', at: at(0) }, { status: 'claimed', at: at(1) }, { status: 'reviewed', at: at(3) }]] as TranslationStatusChange[][];

  it('is paused and not overdue while the job is open', () => {
    const d = step(deadlinesAt(2, [[{ status: 'needed', at: at(0) }, { status: 'claimed', at: at(1) }]]), 'decide-repatriation');
    expect(d).toMatchObject({ paused: true, overdue: false, rawElapsedMs: 2 * DAY, netElapsedMs: 0 });
  });

  it('shows the paused time once reviewed, and is due that much later', () => {
    const d = step(deadlinesAt(8, reviewedAfter3Days), 'decide-repatriation');
    expect(d).toMatchObject({ paused: false, overdue: false, rawElapsedMs: 8 * DAY, netElapsedMs: 5 * DAY, due: at(10) });
  });

  it('becomes overdue when the net time passes the deadline', () => {
    expect(step(deadlinesAt(9.9, reviewedAfter3Days), 'decide-repatriation').overdue).toBe(false);
    expect(step(deadlinesAt(10.1, reviewedAfter3Days), 'decide-repatriation')).toMatchObject({ overdue: true, netElapsedMs: 7.1 * DAY });
  });

  it('leaves a step whose policy does not pause to the raw clock', () => {
    expect(step(deadlinesAt(8, reviewedAfter3Days), 'acknowledge-repatriation')).toMatchObject({ overdue: true, netElapsedMs: 8 * DAY });
  });

  it('keeps the clock stopped while only a machine draft exists (never a review)', () => {
    const d = step(deadlinesAt(20, [[{ status: 'needed', at: at(0) }, { status: 'machine-draft', at: at(0.1) }]]), 'decide-repatriation');
    expect(d).toMatchObject({ paused: true, overdue: false });
  });
});
