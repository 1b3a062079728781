/**
 * Age band of a returned person for exports outside the hub: bands, never ages (CTDC
 * practice). An explicit band from an import wins; otherwise minors are `0-17`, adults `18+`.
 *
 * @example
 * ageBandOf(null, 1); // '0-17'
 */
export function ageBandOf(band: string | null, minor: number | null): string {
  if (band) return band;
  return minor === 1 ? '0-17' : minor === 0 ? '18+' : 'unknown';
}

/** Age bands an import may name (CTDC's, plus the two the hub derives). */
export const AGE_BANDS = ['0-8', '9-17', '0-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', '18+'] as const;

/**
 * Suppresses every cell whose count is under `k`: its count becomes null and `suppressed`
 * true, so a reader sees that a cell exists without learning how small it is.
 *
 * @example
 * suppressSmallCells([{ year: 2016, count: 3 }, { year: 2017, count: 40 }], 11);
 * // [{ year: 2016, count: null, suppressed: true }, { year: 2017, count: 40, suppressed: false }]
 */
export function suppressSmallCells<T extends { count: number }>(cells: readonly T[], k: number): (Omit<T, 'count'> & { count: number | null; suppressed: boolean })[] {
  return cells.map((c) => (c.count < k ? { ...c, count: null, suppressed: true } : { ...c, suppressed: false }));
}

/** A row of the returns table cut by year, agreement, gender, minor and age band. */
export interface FineReturnRow {
  year: number;
  agreement: string;
  gender: string;
  minor: boolean | null;
  ageBand: string | null;
  count: number;
}

/**
 * Returns for outside the hub: ages as bands only, cells merged by band, then every cell
 * under `k` suppressed.
 *
 * @example
 * returnsExport([{ year: 2016, agreement: 'la-th', gender: 'Masculine', minor: true, ageBand: null, count: 3 }], 11);
 * // [{ year: 2016, agreement: 'la-th', gender: 'Masculine', ageBand: '0-17', count: null, suppressed: true }]
 */
export function returnsExport(rows: readonly FineReturnRow[], k: number) {
  const cells = new Map<string, { year: number; agreement: string; gender: string; ageBand: string; count: number }>();
  for (const r of rows) {
    const ageBand = ageBandOf(r.ageBand, r.minor === null ? null : r.minor ? 1 : 0);
    const key = [r.year, r.agreement, r.gender, ageBand].join('\u0000');
    const cell = cells.get(key) ?? { year: r.year, agreement: r.agreement, gender: r.gender, ageBand, count: 0 };
    cell.count += r.count;
    cells.set(key, cell);
  }
  return suppressSmallCells([...cells.values()], k);
}
