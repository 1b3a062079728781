/** Business-day calendars: what a country's offices are closed on, as data. */

/** A country with a calendar in the hub (ISO 3166-1 alpha-2). */
export type CalendarCountry = 'LA' | 'TH' | 'VN' | 'CN';

/** One day off (or announced extra working day) in a holiday file. */
export interface HolidayEntry {
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** English name, for the administrator reading the file. */
  readonly name: string;
  /** A lunar date whose day is the best known when the file was written. */
  readonly lunar?: boolean;
  /** A substitution day for a holiday on a weekend. */
  readonly substitute?: boolean;
}

/**
 * One year of a country's announced days, kept as a file an administrator amends each year
 * (Laos entirely; other countries' announced substitution or make-up working days).
 */
export interface HolidayFile {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  /** The year the file covers. */
  readonly year: number;
  /** Where the dates come from (publication, URL, date read). */
  readonly source: string;
  /** What an administrator must check, e.g. that lunar dates match the announcement. */
  readonly note?: string;
  /** Public holidays and substitution days: offices closed. */
  readonly holidays: readonly HolidayEntry[];
  /** Weekend days declared working days (e.g. China's make-up days). */
  readonly workdays?: readonly HolidayEntry[];
}

/** A country's working calendar. All dates are local `YYYY-MM-DD` strings. */
export interface BusinessCalendar {
  /** The country. */
  readonly country: string;
  /** Minutes east of UTC of the country's (single, DST-free) time zone. */
  readonly utcOffsetMinutes: number;
  /** Whether offices are open on this local date. */
  isBusinessDay(date: string): boolean;
  /** The holiday's name when the local date is a public holiday. */
  holidayName(date: string): string | undefined;
  /** Whether holidays are known for `year` (else only weekends count). */
  knowsYear(year: number): boolean;
}
