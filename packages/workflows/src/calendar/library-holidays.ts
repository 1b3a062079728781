/**
 * The holiday rules of `date-holidays` for the countries the hub takes from it (Thailand,
 * Vietnam, China; Laos ships as holiday files), picked from the library's data. The library's
 * own entry point loads every country's rules (some 850 KB of source): each process and test
 * worker that loaded it spent ~0.4 CPU-s and 9 MB of heap on it for three countries. The rules
 * are evaluated by `date-holidays-parser`, the library's engine. `library-holidays.json` is
 * written by `pnpm -C packages/workflows holidays` (scripts/pick-holidays.ts) and checked
 * against the installed library by a test, so an upgrade of its data is not missed.
 */
import HolidaysParser from 'date-holidays-parser';
import picked from './library-holidays.json' with { type: 'json' };

/** Countries `date-holidays` covers for the hub (it has no Laos). */
export const LIBRARY_COUNTRIES: readonly string[] = ['TH', 'VN', 'CN'];

/** The shape of `date-holidays`' data, as far as picking needs it. */
export interface HolidayData {
  version: string;
  license: string;
  holidays: Record<string, unknown>;
  names: Record<string, unknown>;
}

/**
 * `data` cut down to `countries`: their rules and the shared holiday names they refer to
 * (`_name`), with the data's version and licence (CC-BY-SA).
 * @example pickHolidayData(data, ['TH', 'VN', 'CN'])
 */
export function pickHolidayData(data: HolidayData, countries: readonly string[]): HolidayData {
  const holidays = Object.fromEntries(countries.map((c) => [c, data.holidays[c]]));
  const referred = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '_name' && typeof inner === 'string') referred.add(inner);
        else visit(inner);
      }
    }
  };
  visit(holidays);
  const names = Object.fromEntries(Object.entries(data.names).filter(([name]) => referred.has(name)));
  return { version: data.version, license: data.license, holidays, names };
}

/** One parser per country, made on first use: making one reads (and compiles) the country's rules. */
const parsers = new Map<string, HolidaysParser>();

/**
 * The public holidays (and other days) `date-holidays` lists for `country` in `year`. The
 * parsers share the picked rules as the library's own instances share its data (a parser
 * resolves `_name` references in place, the same way each time).
 * @example libraryYear('TH', 2026).filter((h) => h.type === 'public')
 */
export function libraryYear(country: string, year: number): { date: string; name: string; type: string }[] {
  let parser = parsers.get(country);
  if (!parser) parsers.set(country, (parser = new HolidaysParser(picked, country)));
  return parser.getHolidays(year) || [];
}
