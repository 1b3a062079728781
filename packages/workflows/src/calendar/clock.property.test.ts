/** The deadline clock's two directions agree for any start, period, country and pause. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from './calendar.ts';
import { advance, periodMs, running } from './clock.ts';

const calendars = ['LA', 'TH', 'VN', 'CN'].map((c) => calendarFor(c));
const start = Date.parse('2025-01-01T00:00:00Z');
const span = Date.parse('2027-12-01T00:00:00Z') - start;

describe('deadline clock', () => {
  it('runs exactly one period from start to due, and due never comes before start + period', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.constantFrom('hours', 'days', 'business-days' as const),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.record({ offset: fc.integer({ min: -5 * 86_400_000, max: 20 * 86_400_000 }), length: fc.integer({ min: 1, max: 10 * 86_400_000 }) }), { nil: undefined }),
        (calendar, unit, at, within, pause) => {
          const from = start + at;
          const pauses = pause ? [{ from: from + pause.offset, to: from + pause.offset + pause.length }] : [];
          const due = advance(calendar, unit, from, periodMs(within, unit), pauses);
          expect(running(calendar, unit, from, due, pauses)).toBe(periodMs(within, unit));
          expect(due).toBeGreaterThanOrEqual(from + periodMs(within, unit));
        },
      ),
      { numRuns: 300 },
    );
  });
});
