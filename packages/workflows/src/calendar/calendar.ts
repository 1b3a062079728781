/**
 * A country's business days: Monday to Friday, less public holidays from `date-holidays` (TH,
 * VN, CN) or the bundled Lao files, amended by any holiday files an administrator adds.
 */
import { BUNDLED_HOLIDAY_FILES } from './holiday-files.ts';
import { LIBRARY_COUNTRIES, libraryYear } from './library-holidays.ts';
import type { BusinessCalendar, HolidayFile } from './types.ts';

/** UTC offsets in minutes; none of these countries keeps daylight saving time. */
const UTC_OFFSETS: Readonly<Record<string, number>> = { LA: 420, TH: 420, VN: 420, CN: 480 };
/** The time zones the directory may give an agency (IANA names), with their fixed offsets. */
export const TIMEZONE_OFFSETS: Readonly<Record<string, number>> = {
  'Asia/Vientiane': 420,
  'Asia/Bangkok': 420,
  'Asia/Ho_Chi_Minh': 420,
  'Asia/Shanghai': 480,
};

interface Year {
  readonly holidays: ReadonlyMap<string, string>;
  readonly workdays: ReadonlySet<string>;
  readonly known: boolean;
}

/**
 * The country of an agency id's prefix (`th-msdhs` → `TH`): its calendar when the directory
 * names none. An agency abroad (the embassy in Beijing) has its own in the directory.
 * @example countryOfAgency('la-emb-beijing') // 'LA'
 */
export function countryOfAgency(agencyId: string): string {
  return (agencyId.split('-')[0] ?? '').toUpperCase();
}

/**
 * An agency as its clocks need it: where it works, from the directory (`Agency.calendar`,
 * `Agency.timezone`); a bare id works by its prefix's country.
 */
export type AgencyPlace = string | { readonly id: string; readonly calendar?: string | undefined; readonly timezone?: string | undefined };

/**
 * The directory entry of `id` as an `AgencyPlace` (the id alone when the directory does not know it).
 * @example placeOf('la-emb-beijing', directory.agency('la-emb-beijing')) // { id: 'la-emb-beijing', calendar: 'CN', timezone: 'Asia/Shanghai' }
 */
export function placeOf(id: string, agency?: { readonly calendar?: string | undefined; readonly timezone?: string | undefined }): AgencyPlace {
  return agency ? { id, calendar: agency.calendar, timezone: agency.timezone } : id;
}

/**
 * The calendar an agency works by: its directory calendar and time zone (the embassy in
 * Beijing: Chinese business days, Beijing time), else its id's country.
 * @example calendarAt({ id: 'la-emb-beijing', calendar: 'CN', timezone: 'Asia/Shanghai' }).isBusinessDay('2026-10-05') // false
 */
export function calendarAt(place: AgencyPlace, files: readonly HolidayFile[] = []): BusinessCalendar {
  if (typeof place === 'string') return calendarFor(countryOfAgency(place), files);
  const base = calendarFor(place.calendar ?? countryOfAgency(place.id), files);
  const offset = place.timezone === undefined ? undefined : TIMEZONE_OFFSETS[place.timezone];
  return offset === undefined ? base : { ...base, utcOffsetMinutes: offset };
}

/** The library's answers never change: computed once per country and year (it is slow). */
const libraryCache = new Map<string, ReadonlyMap<string, string>>();

function libraryHolidays(country: string, year: number): Map<string, string> {
  if (!LIBRARY_COUNTRIES.includes(country)) return new Map();
  const key = `${country}-${year}`;
  let days = libraryCache.get(key);
  if (!days) {
    const found = new Map<string, string>();
    // Only `public` days close offices; `bank`, `observance` and `optional` days do not.
    for (const h of libraryYear(country, year)) {
      if (h.type === 'public') found.set(h.date.slice(0, 10), h.name);
    }
    libraryCache.set(key, (days = found));
  }
  return new Map(days);
}

/**
 * A country's working calendar. Weekends are Saturday and Sunday; holidays come from
 * `date-holidays` for TH, VN and CN and from the bundled Lao files for LA; `files` add days off
 * and `workdays` (which win: a make-up working day, or a library holiday that is not a day off).
 * A country or year without data counts weekends only (`knowsYear` says so).
 * @example calendarFor('TH').isBusinessDay('2026-04-13') // false (Songkran)
 */
export function calendarFor(country: string, files: readonly HolidayFile[] = []): BusinessCalendar {
  const code = country.toUpperCase();
  const own = [...BUNDLED_HOLIDAY_FILES, ...files].filter((f) => f.country === code);
  const years = new Map<number, Year>();
  const yearOf = (year: number): Year => {
    let y = years.get(year);
    if (!y) {
      const holidays = libraryHolidays(code, year);
      const workdays = new Set<string>();
      const mine = own.filter((f) => f.year === year);
      for (const f of mine) {
        for (const h of f.holidays) holidays.set(h.date, h.name);
        for (const w of f.workdays ?? []) workdays.add(w.date);
      }
      y = { holidays, workdays, known: LIBRARY_COUNTRIES.includes(code) || mine.length > 0 };
      years.set(year, y);
    }
    return y;
  };
  const year = (date: string) => yearOf(Number(date.slice(0, 4)));
  return {
    country: code,
    utcOffsetMinutes: UTC_OFFSETS[code] ?? 0,
    isBusinessDay(date) {
      const y = year(date);
      if (y.workdays.has(date)) return true;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6 && !y.holidays.has(date);
    },
    holidayName: (date) => year(date).holidays.get(date),
    knowsYear: (y) => yearOf(y).known,
  };
}
