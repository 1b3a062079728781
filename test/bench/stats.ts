/** Small helpers for the benchmarks: percentiles, a bounded-concurrency runner, a process's CPU time. */
import { readFileSync } from 'node:fs';

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface RunStats {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight; answers the
 * throughput and the per-call latency percentiles, and the results in index order.
 */
export async function timed<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<{ stats: RunStats; results: T[] }> {
  const latencies = new Array<number>(count);
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      results[i] = await task(i);
      latencies[i] = performance.now() - t0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    stats: { count, concurrency, seconds, perSecond: count / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) },
    results,
  };
}

/** CPU time (user + system) a process (or one of its threads: the main thread's id is the pid) used so far, in ms, from /proc (0 once it is gone). */
export function cpuMs(pid: number, thread?: number): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const rest = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** USER_HZ: 100 on Linux (the kernel's ABI, whatever its internal HZ). */
const CLOCK_TICKS = 100;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const mib = (bytes: number) => bytes / 1024 / 1024;
