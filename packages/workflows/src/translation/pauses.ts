/**
 * The one pause rule of the hub (issue 16): a step whose policy pauses for translation stands
 * still while a translation its answering side needs is open, but no longer than the job's own
 * due date; after it the step's clock runs again. The nodes and the audit both call
 * `caseTranslationPauses`, each with the jobs it can see.
 */
import type { Deadline, TranslationDeadline, TranslationStatus } from '@mou-hub/protocol';
import { calendarAt, type AgencyPlace } from '../calendar/calendar.ts';
import { addPeriod, runningTime } from '../calendar/clock.ts';
import type { HolidayFile } from '../calendar/types.ts';
import { answeringSide, opensClock } from '../deadlines/deadlines.ts';
import type { Pause, TimedStep } from '../deadlines/types.ts';
import type { Side } from '../types.ts';
import { isTranslationOpen } from './machine.ts';

/** One status a job took, and when (RFC 3339). */
export interface TranslationStatusChange {
  status: TranslationStatus;
  at: string;
}

/** One translation job of a case: the side that translates and its statuses, oldest first. */
export interface CaseTranslationJob {
  readonly side: Side;
  readonly history: readonly TranslationStatusChange[];
}

/** What the pause rule needs besides the jobs. */
export interface TranslationClockInput {
  /** The agreement's deadline policy (`Agreement.deadlines`). */
  readonly deadlines: readonly Deadline[];
  /** The agreement's translation policy (`Agreement.translation`); without it a job has no due date. */
  readonly translation?: TranslationDeadline | undefined;
  /** The case's messages (the `starts` of each pausing step decides its answering side). */
  readonly steps: readonly TimedStep[];
  /** The two agencies (ids, or with where they work): the translating side's calendar counts its job's due date. */
  readonly parties: { readonly initiator: AgencyPlace; readonly responder: AgencyPlace };
  /** The translations of the case, both sides'. */
  readonly jobs: readonly CaseTranslationJob[];
  /** Extra holiday files (an administrator's amendments). */
  readonly holidayFiles?: readonly HolidayFile[];
}

/**
 * A job's due date: its first status plus the agreement's translation period, in the
 * translating agency's calendar; `undefined` without a policy or a status.
 * @example translationJobDue({ within: 5, unit: 'business-days', source: 'secretariat-policy' }, 'la-mlsw', '2026-03-02T03:00:00.000Z') // '2026-03-09T03:00:00.000Z'
 */
export function translationJobDue(
  policy: TranslationDeadline | undefined,
  agency: AgencyPlace,
  openedAt: string | undefined,
  holidayFiles: readonly HolidayFile[] = [],
): string | undefined {
  if (!policy || openedAt === undefined) return undefined;
  return addPeriod(calendarAt(agency, holidayFiles), openedAt, policy.within, policy.unit);
}

/** When a job ended (`reviewed` or `not-needed`), or undefined while it is open. */
function endedAt(history: readonly TranslationStatusChange[]): string | undefined {
  return history.find((h) => !isTranslationOpen(h.status))?.at;
}

/**
 * The time a case waited for translation: for each job (its status changes, oldest first),
 * from when it opened until it was `reviewed` or `not-needed`, or until its due date when that
 * comes first (`dueOf`); an open job before its due date has no `to`. Overlapping jobs merge.
 * @example translationPauses([[{ status: 'needed', at: '2026-03-02T08:00:00.000Z' }, { status: 'reviewed', at: '2026-03-03T08:00:00.000Z' }]])
 *   // → [{ from: '2026-03-02T08:00:00.000Z', to: '2026-03-03T08:00:00.000Z' }]
 */
export function translationPauses(
  jobs: readonly (readonly TranslationStatusChange[])[],
  dueOf: (history: readonly TranslationStatusChange[]) => string | undefined = () => undefined,
): Pause[] {
  const raw: { from: number; to: number | undefined }[] = [];
  for (const history of jobs) {
    const first = history[0];
    if (!first) continue;
    const ends = [endedAt(history), dueOf(history)].filter((t) => t !== undefined).map((t) => Date.parse(t));
    raw.push({ from: Date.parse(first.at), to: ends.length ? Math.max(Date.parse(first.at), Math.min(...ends)) : undefined });
  }
  raw.sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number | undefined }[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (!last || (last.to !== undefined && p.from > last.to)) merged.push({ ...p });
    else if (last.to !== undefined) last.to = p.to === undefined ? undefined : Math.max(last.to, p.to);
  }
  return merged.map((p) => (p.to === undefined ? { from: iso(p.from) } : { from: iso(p.from), to: iso(p.to) }));
}

/**
 * The pauses of a case's deadline clocks for `caseDeadlines`: for each step whose policy
 * pauses for translation, the jobs of the side that answers its first `starts`, each capped by
 * its due date (`translationJobDue`), merged and tagged with the step.
 * @example caseDeadlines({ ...input, pauses: caseTranslationPauses({ deadlines, translation, steps, parties, jobs }) })
 */
export function caseTranslationPauses(input: TranslationClockInput): Pause[] {
  const pauses: Pause[] = [];
  for (const d of input.deadlines.filter((x) => x.pausesForTranslation)) {
    const starts = [...input.steps].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).find((s) => opensClock(d, s));
    if (!starts) continue;
    const side = answeringSide(d, starts.side);
    const histories = input.jobs.filter((j) => j.side === side).map((j) => j.history);
    const due = (h: readonly TranslationStatusChange[]) => translationJobDue(input.translation, input.parties[side], h[0]?.at, input.holidayFiles);
    pauses.push(...translationPauses(histories, due).map((p) => ({ ...p, step: d.step })));
  }
  return pauses;
}

/** One stretch of time during which a side of a case waited for at least one translation. */
export interface TranslationWait {
  /** The translating side. */
  readonly side: Side;
  /** When the first job of the stretch opened. */
  readonly from: string;
  /** When the last one ended; absent while one is open. */
  readonly to?: string;
  /** Wall time of the stretch (to `now` while open). */
  readonly rawMs: number;
  /** Business time of the stretch in the translating side's calendar (to `now` while open). */
  readonly businessMs: number;
}

/**
 * The translation waiting time of a case, per translating side: its jobs' open time merged
 * into stretches (uncapped: how long the documents really waited), each measured in that
 * side's business days. The audit reports it as its own figure beside each step's turnaround.
 * @example translationWaits({ parties, jobs, now }) // [{ side: 'responder', from: '…', to: '…', rawMs: 86_400_000, businessMs: 86_400_000 }]
 */
export function translationWaits(input: Pick<TranslationClockInput, 'parties' | 'jobs' | 'holidayFiles'> & { readonly now: string }): TranslationWait[] {
  const out: TranslationWait[] = [];
  for (const side of ['initiator', 'responder'] as const) {
    const histories = input.jobs.filter((j) => j.side === side).map((j) => j.history);
    if (!histories.some((h) => h.length > 0)) continue;
    const calendar = calendarAt(input.parties[side], input.holidayFiles ?? []);
    for (const p of translationPauses(histories)) {
      const to = p.to ?? input.now;
      out.push({
        side,
        ...p,
        rawMs: Math.max(0, Date.parse(to) - Date.parse(p.from)),
        businessMs: runningTime(calendar, 'business-days', p.from, to),
      });
    }
  }
  return out;
}

/**
 * The pauses for `caseDeadlines` without a translation policy or sides: each translation
 * pause, for every deadline step whose policy has `pausesForTranslation`. Prefer
 * `caseTranslationPauses`, which picks the answering side's jobs and caps them by due date.
 * @example caseDeadlines({ ...input, pauses: translationPausesFor(agreement.deadlines, histories) })
 */
export function translationPausesFor(deadlines: readonly Deadline[], jobs: readonly (readonly TranslationStatusChange[])[]): Pause[] {
  const steps = [...new Set(deadlines.filter((d) => d.pausesForTranslation).map((d) => d.step))];
  if (steps.length === 0) return [];
  const pauses = translationPauses(jobs);
  return steps.flatMap((step) => pauses.map((p) => ({ ...p, step })));
}

const iso = (ms: number): string => new Date(ms).toISOString();
