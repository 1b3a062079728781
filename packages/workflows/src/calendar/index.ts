export type { BusinessCalendar, CalendarCountry, HolidayEntry, HolidayFile } from './types.ts';
import type { BusinessCalendar, HolidayFile } from './types.ts';
import type { DeadlineUnit } from '../deadlines/types.ts';

/**
 * The country whose calendar an agency works by: its id's prefix (`th-msdhs` → `TH`).
 * @example countryOfAgency('la-emb-beijing') // 'LA'
 */
export function countryOfAgency(agencyId: string): string {
  return (agencyId.split('-')[0] ?? '').toUpperCase();
}

/** A country's working calendar: weekends, public holidays, and any amending files. */
export function calendarFor(country: string, files: readonly HolidayFile[] = []): BusinessCalendar {
  void country;
  void files;
  throw new Error('not implemented yet');
}

/** `from` plus `n` business days in `calendar` (ISO 8601 in and out). */
export function addBusinessDays(calendar: BusinessCalendar, from: string, n: number): string {
  void calendar;
  void from;
  void n;
  throw new Error('not implemented yet');
}

/** `from` plus a period in `unit` (`hours`, `days`, `business-days`). */
export function addPeriod(calendar: BusinessCalendar, from: string, within: number, unit: DeadlineUnit): string {
  void calendar;
  void from;
  void within;
  void unit;
  throw new Error('not implemented yet');
}
