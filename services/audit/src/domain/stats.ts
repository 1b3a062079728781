/**
 * The value at quantile `q` (0 to 1) of sorted numbers, nearest-rank: always one of the
 * values, so a reader can find the case behind it. Undefined for none.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2
 * quantile([1, 2, 3, 4], 0.9); // 4
 */
export function quantile(sorted: ArrayLike<number>, q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}
