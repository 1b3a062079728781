import { quantile } from './stats.ts';

/** A stored turnaround cell: one agreement × type × step × month. */
export interface TurnaroundCell {
  agreement: string;
  starts_type: string;
  step: string;
  month: string;
  count: number;
  within_count: number;
  /** Sorted net calendar durations (ms), JSON. */
  durations: string;
  /** Sorted business durations (ms), JSON. */
  business: string;
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
 * Turns stored cells into report rows: count, median, p90 and max of net calendar time, the
 * same in business time, and the share within the deadline.
 *
 * @example
 * turnaroundRows([{ agreement: 'la-th', starts_type: 'repatriation.request', step: 'decide-repatriation', month: '2026-03', count: 2, within_count: 1, durations: '[1,5]', business: '[1,3]' }]);
 */
export function turnaroundRows(cells: readonly TurnaroundCell[]): TurnaroundRow[] {
  return cells.map((c) => {
    const d = JSON.parse(c.durations) as number[];
    const b = JSON.parse(c.business) as number[];
    return {
      agreement: c.agreement,
      type: c.starts_type,
      step: c.step,
      month: c.month,
      count: c.count,
      medianMs: quantile(d, 0.5) ?? 0,
      p90Ms: quantile(d, 0.9) ?? 0,
      maxMs: d[d.length - 1] ?? 0,
      medianBusinessMs: quantile(b, 0.5) ?? 0,
      p90BusinessMs: quantile(b, 0.9) ?? 0,
      withinDeadline: c.count === 0 ? 0 : c.within_count / c.count,
    };
  });
}
