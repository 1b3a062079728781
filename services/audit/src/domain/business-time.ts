import type { BusinessCalendar } from '@mou-hub/workflows';

const DAY = 86_400_000;

/**
 * Business milliseconds between two instants in a country's calendar: the parts of the
 * interval that fall on the country's working days (local dates), whole days counting 24 h.
 *
 * @example
 * businessMs(calendarFor('LA'), new Date('2026-03-06T12:00:00Z'), new Date('2026-03-09T12:00:00Z')); // 86400000 (Fri noon to Mon noon, local +7)
 */
export function businessMs(calendar: BusinessCalendar, from: Date, to: Date): number {
  const offset = calendar.utcOffsetMinutes * 60_000;
  let total = 0;
  // Walk local days: shift into local time, cut at local midnights.
  for (let t = from.getTime() + offset, end = to.getTime() + offset; t < end; ) {
    const next = Math.min(end, Math.floor(t / DAY) * DAY + DAY);
    if (calendar.isBusinessDay(new Date(t).toISOString().slice(0, 10))) total += next - t;
    t = next;
  }
  return total;
}
