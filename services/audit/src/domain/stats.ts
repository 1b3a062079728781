/**
 * The value at quantile `q` (0 to 1) of sorted numbers, nearest-rank: always one of the
 * values, so a reader can find the case behind it. Undefined for none.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2
 * quantile([1, 2, 3, 4], 0.9); // 4
 */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/**
 * Inserts `value` into a sorted array in place, keeping it sorted.
 *
 * @example
 * insertSorted([1, 3], 2); // [1, 2, 3]
 */
export function insertSorted(sorted: number[], value: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, value);
  return sorted;
}
