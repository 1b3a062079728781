import { AGREEMENT_ID, GENDERS } from '@mou-hub/protocol';
import { CsvError, parse } from 'csv-parse/sync';
import { AGE_BANDS } from './k-anonymity.ts';

/** Columns an import must have. */
export const REQUIRED_COLUMNS = ['year', 'agreement', 'gender', 'minor'] as const;
/** Optional columns kept; any other column is allowed and dropped unread (it might name someone). */
export const OPTIONAL_COLUMNS = ['ageBand'] as const;

/** One returned person, validated. */
export interface ReturnedPerson {
  year: number;
  agreement: string;
  gender: string;
  /** 1 minor, 0 adult, null unknown. */
  minor: number | null;
  age_band: string | null;
}

/** Why a line was refused: a code and parameters, never the value (a cell may hold anything). */
export interface ImportIssue {
  /** Line of the file, 1 for the header. */
  line: number;
  code: 'missing-column' | 'unparsable' | 'bad-year' | 'unknown-agreement' | 'bad-gender' | 'bad-minor' | 'bad-age-band' | 'empty';
  params: Record<string, string | number>;
}

/**
 * Parses a CSV of returned persons (header row, one row per person) and validates every row;
 * answers all rows, or every issue with its line number. Nothing partial.
 *
 * @example
 * const r = parseReturnsCsv('year,agreement,gender,minor\n2001,la-th,Feminine,\n', { agreements: new Set(['la-th']), maxYear: 2026 });
 * // { ok: true, rows: [{ year: 2001, agreement: 'la-th', gender: 'Feminine', minor: null, age_band: null }] }
 */
export function parseReturnsCsv(
  text: string,
  ctx: { agreements: ReadonlySet<string>; maxYear: number },
): { ok: true; rows: ReturnedPerson[] } | { ok: false; issues: ImportIssue[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, info: true });
  } catch (error) {
    const line = error instanceof CsvError ? Number((error as unknown as { lines?: number }).lines ?? 0) : 0;
    return { ok: false, issues: [{ line, code: 'unparsable', params: { reason: error instanceof CsvError ? error.code : 'unknown' } }] };
  }
  if (records.length === 0) return { ok: false, issues: [{ line: 1, code: 'empty', params: {} }] };
  const header = Object.keys(records[0]!.record);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { ok: false, issues: missing.map((column) => ({ line: 1, code: 'missing-column' as const, params: { column } })) };

  const rows: ReturnedPerson[] = [];
  const issues: ImportIssue[] = [];
  for (const { record: r, info } of records) {
    const line = info.lines;
    const bad = (code: ImportIssue['code'], params: ImportIssue['params']) => issues.push({ line, code, params });
    const year = /^\d{4}$/.test(r['year'] ?? '') ? Number(r['year']) : NaN;
    if (!(year >= 1990 && year <= ctx.maxYear)) bad('bad-year', { column: 'year', min: 1990, max: ctx.maxYear });
    const agreement = r['agreement'] ?? '';
    if (!AGREEMENT_ID.test(agreement) || !ctx.agreements.has(agreement)) bad('unknown-agreement', { column: 'agreement' });
    const gender = r['gender'] ?? '';
    if (!(GENDERS as readonly string[]).includes(gender)) bad('bad-gender', { column: 'gender', allowed: GENDERS.join('|') });
    const minorText = (r['minor'] ?? '').toLowerCase();
    const minor = minorText === 'true' ? 1 : minorText === 'false' ? 0 : minorText === '' ? null : undefined;
    if (minor === undefined) bad('bad-minor', { column: 'minor', allowed: 'true|false|(empty)' });
    const band = r['ageBand'] ?? '';
    if (band !== '' && !(AGE_BANDS as readonly string[]).includes(band)) bad('bad-age-band', { column: 'ageBand', allowed: AGE_BANDS.join('|') });
    rows.push({ year, agreement, gender, minor: minor ?? null, age_band: band || null });
  }
  return issues.length ? { ok: false, issues } : { ok: true, rows };
}
