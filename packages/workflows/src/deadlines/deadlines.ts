/**
 * A case's deadlines: each `starts` message of the directory's policy opens a clock for the
 * other side, counted in that side's country's calendar, until one of `endedBy` from that side.
 */
import { calendarAt } from '../calendar/calendar.ts';
import { advance, pausedMs, periodMs, type Interval } from '../calendar/clock.ts';
import type { BusinessCalendar } from '../calendar/types.ts';
import type { Side } from '../types.ts';
import { otherSide } from '../types.ts';
import { consularPartyTypes } from '../machines/index.ts';
import type { CaseDeadlineInput, Deadline, Pause, StepDeadline, TimedStep } from './types.ts';

/**
 * Steps of the answering side that restart the clocks they do not end: an extension with its
 * reasons buys a new period (the seed policy's note on `answer-investigation`).
 */
const RESTARTS: ReadonlySet<string> = new Set(['investigation.extension']);

const iso = (t: number) => new Date(t).toISOString();

/** One clock: where it started, and how (if) it ended. */
interface Instance {
  readonly deadline: Deadline;
  readonly side: Side;
  readonly startedAt: number;
  readonly end?: { readonly at: number; readonly by: 'answer' | 'closed' };
}

/**
 * Whether `step` opens a clock of `deadline`: its type is `starts` and, when the policy has
 * `startsWhen`, its count of that fact is in range (a missing count is 0).
 */
export function opensClock(deadline: Deadline, step: Pick<TimedStep, 'type' | 'counts'>): boolean {
  if (step.type !== deadline.starts) return false;
  const when = deadline.startsWhen;
  if (!when) return true;
  const n = step.counts?.[when.fact] ?? 0;
  return (when.min === undefined || n >= when.min) && (when.max === undefined || n <= when.max);
}

/** The side that owes the answer to a `starts` sent by `sender`. */
export function answeringSide(deadline: Deadline, sender: Side): Side {
  return deadline.answeredBy === 'sender' ? sender : otherSide(sender);
}

/** The clocks `deadline` opens in the history; a newer `starts` from the same side replaces an open one. */
function instances(deadline: Deadline, steps: readonly TimedStep[]): Instance[] {
  const out: Instance[] = [];
  steps.forEach((s, i) => {
    if (!opensClock(deadline, s)) return;
    const side = answeringSide(deadline, s.side);
    let startedAt = Date.parse(s.at);
    for (const t of steps.slice(i + 1)) {
      if (t.side === side && deadline.endedBy.includes(t.type as never)) {
        out.push({ deadline, side, startedAt, end: { at: Date.parse(t.at), by: 'answer' } });
        return;
      }
      if (t.type === 'case.closed') {
        out.push({ deadline, side, startedAt, end: { at: Date.parse(t.at), by: 'closed' } });
        return;
      }
      if (t.type === deadline.starts && t.side === s.side && opensClock(deadline, t)) return;
      if (t.side === side && RESTARTS.has(t.type)) startedAt = Date.parse(t.at);
    }
    out.push({ deadline, side, startedAt });
  });
  return out;
}

/** The pauses that hold `step`'s clock, an open one ending at `now`. */
function pausesFor(step: string, pauses: readonly Pause[], now: number): Interval[] {
  return pauses
    .filter((p) => p.step === undefined || p.step === step)
    .map((p) => ({ from: Date.parse(p.from), to: p.to === undefined ? now : Date.parse(p.to) }))
    .filter((p) => p.to > p.from);
}

/** Whether the home side's consular party owes `deadline` (every type that ends it is one it acts). */
export function owedByConsular(deadline: Deadline, side: Side, parties: CaseDeadlineInput['parties']): boolean {
  if (parties.consular === undefined || side !== 'responder') return false;
  const types = consularPartyTypes();
  return deadline.endedBy.every((t) => types.includes(t));
}

function report(instance: Instance, calendar: BusinessCalendar, input: CaseDeadlineInput, now: number): StepDeadline {
  const { deadline, side, startedAt, end } = instance;
  const pauses = pausesFor(deadline.step, input.pauses ?? [], now);
  const until = end?.at ?? now;
  const due = advance(calendar, deadline.unit, startedAt, periodMs(deadline.within, deadline.unit), pauses);
  const paused = !end && (input.pauses ?? []).some(
    (p) => (p.step === undefined || p.step === deadline.step) && Date.parse(p.from) <= now && (p.to === undefined || now < Date.parse(p.to)),
  );
  const status = !end ? 'open' : end.by === 'closed' ? 'cancelled' : end.at <= due ? 'met' : 'breached';
  const raw = Math.max(0, until - startedAt);
  return {
    step: deadline.step,
    side,
    ...(owedByConsular(deadline, side, input.parties) ? { party: 'consular' as const } : {}),
    country: calendar.country,
    startedAt: iso(startedAt),
    due: iso(due),
    status,
    overdue: status === 'open' && !paused && now > due,
    paused,
    ...(end ? { endedAt: iso(end.at) } : {}),
    rawElapsedMs: raw,
    netElapsedMs: raw - pausedMs(startedAt, until, pauses),
    within: deadline.within,
    unit: deadline.unit,
  };
}

/**
 * Every deadline clock of a case, oldest first: `open` ones with `due` and `overdue` (never
 * overdue while paused), `met` or `breached` once the answering side sent one of `endedBy`,
 * `cancelled` when the case closed first. Counted in the answering agency's calendar (its
 * directory `calendar` and `timezone` when `parties` carry them, else its id's country). A deadline with an `urgency` applies only to a request of that
 * urgency (`normal` when the input gives none).
 * @example caseDeadlines({ deadlines: agreement.deadlines, steps, parties: { initiator: 'th-msdhs', responder: 'la-mlsw' }, now })
 *   // [{ step: 'acknowledge-repatriation', side: 'responder', country: 'LA', due: '…', status: 'open', overdue: false, … }]
 */
export function caseDeadlines(input: CaseDeadlineInput): StepDeadline[] {
  const now = Date.parse(input.now);
  const steps = [...input.steps].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const urgency = input.urgency ?? 'normal';
  const calendars = new Map<string, BusinessCalendar>();
  // The answering agency's calendar: its side's focal point's, or the consular party's for a step it owes.
  const calendarOf = (i: Instance) => {
    const who = owedByConsular(i.deadline, i.side, input.parties) ? 'consular' : i.side;
    let c = calendars.get(who);
    if (!c) calendars.set(who, (c = calendarAt(who === 'consular' ? input.parties.consular! : input.parties[i.side], input.holidayFiles ?? [])));
    return c;
  };
  return input.deadlines
    .filter((d) => d.urgency === undefined || d.urgency === urgency)
    .flatMap((d) => instances(d, steps))
    .map((i) => report(i, calendarOf(i), input, now))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.step.localeCompare(b.step));
}
