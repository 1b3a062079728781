/**
 * Deadline clocks. A clock runs all the time (`hours`, `days`) or only through the local
 * business days of a calendar (`business-days`: a business day is 24 running hours), and
 * stands still during pauses. Times are epoch milliseconds inside, ISO 8601 outside.
 */
import type { DeadlineUnit } from '../deadlines/types.ts';
import type { BusinessCalendar } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Enough steps for years of days and pauses; a guard against a malformed input, never hit. */
const MAX_STEPS = 100_000;

/** A closed-open interval `[from, to)` in epoch ms during which a clock stands still. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** The local `YYYY-MM-DD` of instant `t` in `calendar`'s time zone. */
export function localDate(calendar: BusinessCalendar, t: number): string {
  return new Date(t + calendar.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The instant the local day after the one holding `t` starts. */
function nextMidnight(calendar: BusinessCalendar, t: number): number {
  const offset = calendar.utcOffsetMinutes * 60_000;
  return Math.floor((t + offset) / DAY) * DAY + DAY - offset;
}

/** Length in ms of `within` units of running time. */
export function periodMs(within: number, unit: DeadlineUnit): number {
  return unit === 'hours' ? within * HOUR : within * DAY;
}

function clock(calendar: BusinessCalendar, unit: DeadlineUnit, pauses: readonly Interval[]) {
  const pauseAt = (t: number) => pauses.find((p) => p.from <= t && t < p.to);
  return {
    runs: (t: number) => !pauseAt(t) && (unit !== 'business-days' || calendar.isBusinessDay(localDate(calendar, t))),
    /** The next instant after `t` at which `runs` may change. */
    boundary: (t: number) => {
      let b = unit === 'business-days' ? nextMidnight(calendar, t) : Infinity;
      for (const p of pauses) {
        if (p.from > t) b = Math.min(b, p.from);
        if (p.to > t) b = Math.min(b, p.to);
      }
      return b;
    },
  };
}

/**
 * The instant at which a clock started at `from` has run `amount` ms.
 * @example advance(calendarFor('TH'), 'business-days', Date.parse('2026-04-10T03:00:00Z'), 86_400_000) // Thu 16 Apr 10:00 local (Songkran and a weekend skipped)
 */
export function advance(
  calendar: BusinessCalendar,
  unit: DeadlineUnit,
  from: number,
  amount: number,
  pauses: readonly Interval[] = [],
): number {
  const c = clock(calendar, unit, pauses);
  let t = from;
  let left = amount;
  for (let i = 0; i < MAX_STEPS; i++) {
    const b = c.boundary(t);
    if (c.runs(t)) {
      if (b - t >= left) return t + left;
      left -= b - t;
    }
    t = b;
  }
  throw new RangeError('deadline clock did not converge');
}

/** Running ms of a clock between `from` and `to` (0 when `to` is not after `from`). */
export function running(
  calendar: BusinessCalendar,
  unit: DeadlineUnit,
  from: number,
  to: number,
  pauses: readonly Interval[] = [],
): number {
  const c = clock(calendar, unit, pauses);
  let total = 0;
  for (let t = from, i = 0; t < to && i < MAX_STEPS; i++) {
    const b = Math.min(c.boundary(t), to);
    if (c.runs(t)) total += b - t;
    t = b;
  }
  return total;
}

/** Wall-clock ms of `[from, to)` that fall inside `pauses` (merged, so overlaps count once). */
export function pausedMs(from: number, to: number, pauses: readonly Interval[]): number {
  let total = 0;
  let cursor = from;
  for (const p of [...pauses].sort((a, b) => a.from - b.from)) {
    const start = Math.max(p.from, cursor);
    const end = Math.min(p.to, to);
    if (end > start) {
      total += end - start;
      cursor = end;
    }
  }
  return total;
}

/**
 * `from` plus `n` business days in `calendar`: the same local time `n` business days later;
 * a start outside business days counts from the next business day's start.
 * @example addBusinessDays(calendarFor('LA'), '2026-04-10T03:00:00.000Z', 1) // '2026-04-13T03:00:00.000Z'
 */
export function addBusinessDays(calendar: BusinessCalendar, from: string, n: number): string {
  return addPeriod(calendar, from, n, 'business-days');
}

/**
 * `from` plus a period of the directory's `Deadline` units: `hours` and `days` on the wall
 * clock, `business-days` in `calendar`.
 * @example addPeriod(calendarFor('VN'), '2026-04-29T02:00:00.000Z', 8, 'hours') // '2026-04-29T10:00:00.000Z'
 */
export function addPeriod(calendar: BusinessCalendar, from: string, within: number, unit: DeadlineUnit): string {
  return new Date(advance(calendar, unit, Date.parse(from), periodMs(within, unit))).toISOString();
}

/**
 * How long a clock in `unit` ran between two instants: business-day time in `calendar` for
 * `business-days`, wall time otherwise, less `pauses` (an open pause runs to `to`). For
 * turnaround figures in the same arithmetic as the deadlines.
 * @example runningTime(calendarFor('LA'), 'business-days', '2026-04-10T03:00:00.000Z', '2026-04-17T03:00:00.000Z') // 172_800_000 (Pi Mai and a weekend skipped)
 */
export function runningTime(
  calendar: BusinessCalendar,
  unit: DeadlineUnit,
  from: string,
  to: string,
  pauses: readonly { readonly from: string; readonly to?: string }[] = [],
): number {
  const end = Date.parse(to);
  const intervals = pauses.map((p) => ({ from: Date.parse(p.from), to: p.to === undefined ? end : Date.parse(p.to) }));
  return running(calendar, unit, Date.parse(from), end, intervals);
}
