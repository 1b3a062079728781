import { quantile } from './stats.ts';

/** A stored turnaround cell's figures: one agreement × type × step × month. */
export interface TurnaroundCell {
  agreement: string;
  starts_type: string;
  step: string;
  month: string;
  count: number;
  within_count: number;
  median_ms: number;
  p90_ms: number;
  max_ms: number;
  median_business_ms: number;
  p90_business_ms: number;
}

/** One row of the turnaround report. */
export interface TurnaroundRow {
  agreement: string;
  type: string;
  step: string;
  month: string;
  count: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  medianBusinessMs: number;
  p90BusinessMs: number;
  /** Share of clocks that ended by their deadline, 0 to 1 (1 where no deadline applies). */
  withinDeadline: number;
}

/**
 * The figures a cell keeps, from its sorted net calendar and business durations: median, p90
 * (nearest rank) and max. Computed at ingest, so the report reads numbers only.
 *
 * @example
 * cellFigures([1, 2, 3, 40], [1, 1, 2, 30]); // { median_ms: 2, p90_ms: 40, max_ms: 40, median_business_ms: 1, p90_business_ms: 30 }
 */
export function cellFigures(durations: ArrayLike<number>, business: ArrayLike<number>) {
  return {
    median_ms: quantile(durations, 0.5) ?? 0,
    p90_ms: quantile(durations, 0.9) ?? 0,
    max_ms: durations[durations.length - 1] ?? 0,
    median_business_ms: quantile(business, 0.5) ?? 0,
    p90_business_ms: quantile(business, 0.9) ?? 0,
  };
}

/**
 * Turns stored cells into report rows: count, median, p90 and max of net calendar time, the
 * same in business time, and the share within the deadline.
 *
 * @example
 * turnaroundRows(await turnaroundCells(db, { agreement: 'la-th' }));
 */
export function turnaroundRows(cells: readonly TurnaroundCell[]): TurnaroundRow[] {
  return cells.map((c) => ({
    agreement: c.agreement,
    type: c.starts_type,
    step: c.step,
    month: c.month,
    count: c.count,
    medianMs: c.median_ms,
    p90Ms: c.p90_ms,
    maxMs: c.max_ms,
    medianBusinessMs: c.median_business_ms,
    p90BusinessMs: c.p90_business_ms,
    withinDeadline: c.count === 0 ? 0 : c.within_count / c.count,
  }));
}
