/**
 * Holiday files: one country-year of announced days off (and extra working days), validated at
 * load. Laos ships as files because `date-holidays` has no Laos and its lunar and substitution
 * days are announced each year.
 */
import * as v from 'valibot';
import la2025 from '../../calendars/la-2025.json' with { type: 'json' };
import la2026 from '../../calendars/la-2026.json' with { type: 'json' };
import la2027 from '../../calendars/la-2027.json' with { type: 'json' };
import cn2026 from '../../calendars/cn-2026.json' with { type: 'json' };
import th2026 from '../../calendars/th-2026.json' with { type: 'json' };
import vn2026 from '../../calendars/vn-2026.json' with { type: 'json' };
import type { HolidayFile } from './types.ts';

const LocalDate = v.pipe(
  v.string(),
  v.isoDate('not a YYYY-MM-DD date'),
  v.check((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such day'),
);

const EntrySchema = v.strictObject({
  date: LocalDate,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  lunar: v.optional(v.boolean()),
  substitute: v.optional(v.boolean()),
});

/** A holiday file as an administrator writes it; every date must fall in `year`. */
export const HolidayFileSchema = v.pipe(
  v.strictObject({
    country: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'not an ISO 3166 alpha-2 code')),
    year: v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100)),
    source: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
    note: v.optional(v.pipe(v.string(), v.maxLength(2000))),
    holidays: v.array(EntrySchema),
    workdays: v.optional(v.array(EntrySchema)),
  }),
  v.check(
    (f) => [...f.holidays, ...(f.workdays ?? [])].every((e) => e.date.startsWith(`${f.year}-`)),
    'every date must fall in the file year',
  ),
);

/** What `parseHolidayFile` answers. */
export type HolidayFileParse =
  | { readonly ok: true; readonly file: HolidayFile }
  | { readonly ok: false; readonly issues: readonly { path: string; message: string }[] };

/**
 * Checks an administrator's holiday file (parsed JSON). Never throws.
 * @example parseHolidayFile(JSON.parse(await readFile('la-2028.json', 'utf8')))
 */
export function parseHolidayFile(input: unknown): HolidayFileParse {
  const r = v.safeParse(HolidayFileSchema, input);
  if (r.success) return { ok: true, file: r.output };
  return { ok: false, issues: r.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) };
}

function bundled(input: unknown): HolidayFile {
  const r = parseHolidayFile(input);
  if (!r.ok) throw new Error(`bundled holiday file is invalid: ${JSON.stringify(r.issues)}`);
  return r.file;
}

/** The Lao holiday files shipped with the package (2025-2027); best-known, checked yearly. */
export const LAO_HOLIDAY_FILES: readonly HolidayFile[] = [bundled(la2025), bundled(la2026), bundled(la2027)];

/**
 * Every holiday file shipped with the package: Laos, and China (days off with the make-up
 * working days of the State Council's notice), Viet Nam and Thailand for 2026, which amend
 * `date-holidays` (issue 16). Each names its source and what is not verified.
 */
export const BUNDLED_HOLIDAY_FILES: readonly HolidayFile[] = [...LAO_HOLIDAY_FILES, bundled(cn2026), bundled(vn2026), bundled(th2026)];
