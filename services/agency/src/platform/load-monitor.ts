import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_OVERLOAD_LIMITS, inFlightLimit, MIN_IN_FLIGHT, overloaded, writeRate, type LoadSample, type Overload, type OverloadLimits } from './overload.ts';

/** A sample this busy (event-loop utilization) counts as load; this idle, twice running, as the load's end. */
const BUSY_FOR_COMPACTION = 0.5;
const IDLE_FOR_COMPACTION = 0.05;
/**
 * The delay histogram's timer period, ms. The limits it is read against are 100 ms (a long turn)
 * and a second; every 10 ms woke each idle node 100 times a second for nothing.
 */
const DELAY_RESOLUTION_MS = 20;
/** Below this much heap (`heapTotal`) nothing is compacted: there is little slack to give back. */
const COMPACT_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * V8's full garbage collection, compacting every page, when the heap holds over 64 MiB, without
 * `--expose-gc` on the command line (a new context gets `gc` once the flag is set); undefined if
 * this V8 refuses.
 */
export function fullGarbageCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    return () => {
      if (process.memoryUsage().heapTotal <= COMPACT_ABOVE_BYTES) return;
      // A plain full collection frees the garbage but keeps nearly every page (what lives is
      // spread over all of them): after the benchmark's load the heap kept 103 MiB for 40 in use
      // and the node 206 MiB. Compacting every page in this one collection hands them back
      // (heapTotal 141 → 37 MiB, RSS 186 → 83 MiB with 20 MiB live, in a test of this V8).
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        (gc as () => void)();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    };
  } catch {
    return undefined;
  }
}

/**
 * Samples the event-loop delay (`perf_hooks`) and the outbox depth every `intervalMs`, and
 * keeps the node marked overloaded for `retryAfterSeconds` after a saturated sample, so a
 * request never waits for a measurement and the state does not flap between two samples.
 * @example const load = new LoadMonitor(limits, () => outboxDepth(db)); load.start(); load.current();
 */
export class LoadMonitor {
  private readonly delay: IntervalHistogram;
  private timer: NodeJS.Timeout | undefined;
  private state: { overload: Overload; until: number } | undefined;
  private lastSample: LoadSample = { eventLoopDelayMs: 0, outboxDepth: 0 };
  private lastTickAt = performance.now();
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  private allowed: number;
  /** Writes a second allowed (`writeRate`), the token bucket that enforces it, and the writes admitted since the last sample. */
  private rate = Number.POSITIVE_INFINITY;
  private tokens = MIN_IN_FLIGHT;
  private refilledAt = performance.now();
  private admitted = 0;

  /** A sample since the last compaction found the loop busy. */
  private loaded = false;

  /**
   * `compact`: run once the node goes idle after load (two samples running under 5 % busy, the
   * heap over 64 MiB): V8 lets the old generation fill with a burst's garbage far past what is
   * live (after the benchmark's phases 88 MiB used of which a snapshot found 35 live) and keeps
   * it until its next full collection, so a node that was busy once held 200 MiB for minutes; a
   * full collection while nothing waits gives it back (issue 21). V8's own by default.
   */
  constructor(
    readonly limits: OverloadLimits,
    private readonly depth: () => Promise<number>,
    private readonly intervalMs = 500,
    private readonly compact: (() => void) | undefined = fullGarbageCollection(),
  ) {
    this.delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    this.allowed = limits.maxInFlight;
  }

  start(): void {
    this.delay.enable();
    this.lastTickAt = performance.now();
    this.lastElu = performance.eventLoopUtilization();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.delay.disable();
  }

  /** The last measurements (for `/readyz` and logs). */
  get last(): LoadSample {
    return this.lastSample;
  }

  /** How many API requests may be in progress now: `maxInFlight`, less while the event loop has no slack (`inFlightLimit`). */
  inFlightLimit(): number {
    return this.allowed;
  }

  /** Writes a second the node takes now (`Infinity`: no limit). */
  writeRate(): number {
    return this.rate;
  }

  /**
   * May one more write (a send, a case step) go in now? A token bucket at `writeRate()` a
   * second holding up to `MIN_IN_FLIGHT` (or a quarter second's worth), so one office's burst
   * still goes in whole; each `true` takes a token.
   */
  admitWrite(): boolean {
    if (this.rate !== Number.POSITIVE_INFINITY) {
      const now = performance.now();
      this.tokens = Math.min(Math.max(MIN_IN_FLIGHT, this.rate / 4), this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
      this.refilledAt = now;
      if (this.tokens < 1) return false;
      this.tokens--;
    }
    this.admitted++;
    return true;
  }

  /** Why the node sheds load now, or undefined. */
  current(): Overload | undefined {
    if (this.state && this.state.until > Date.now()) return this.state.overload;
    return undefined;
  }

  /** Compacts the heap once the node goes idle after load (see the constructor). */
  private compactAfterLoad(utilization: number, previous: number | undefined): void {
    if (utilization > BUSY_FOR_COMPACTION) this.loaded = true;
    if (!this.loaded || !this.compact || utilization > IDLE_FOR_COMPACTION || previous === undefined || previous > IDLE_FOR_COMPACTION) return;
    this.loaded = false;
    this.compact();
  }

  /** Takes one sample now (the timer calls it; tests may too). */
  async sample(): Promise<void> {
    // The histogram reports nanoseconds; its max since the last reset is the worst stall. A
    // stall that ends just as the histogram is reset can be lost there, so this timer's own
    // lateness counts too.
    const now = performance.now();
    const late = Math.max(0, now - this.lastTickAt - this.intervalMs);
    const admittedPerSecond = this.admitted / (Math.max(1, now - this.lastTickAt) / 1000);
    this.admitted = 0;
    this.lastTickAt = now;
    const eventLoopDelayMs = Math.max(this.delay.max / 1e6, late);
    this.delay.reset();
    const elu = performance.eventLoopUtilization();
    const eventLoopUtilization = performance.eventLoopUtilization(elu, this.lastElu).utilization;
    this.lastElu = elu;
    const outboxDepth = await this.depth().catch(() => this.lastSample.outboxDepth);
    const previous = this.lastSample;
    this.lastSample = { eventLoopDelayMs, outboxDepth, eventLoopUtilization };
    this.allowed = inFlightLimit(this.allowed, this.lastSample, this.limits, previous);
    const rate = writeRate(this.rate, admittedPerSecond, this.lastSample, this.limits);
    // From no limit to one: the bucket starts full, so one office's burst still goes in whole.
    if (this.rate === Number.POSITIVE_INFINITY && rate !== this.rate) {
      this.tokens = Math.max(MIN_IN_FLIGHT, rate / 4);
      this.refilledAt = performance.now();
    }
    this.rate = rate;
    this.compactAfterLoad(eventLoopUtilization, previous.eventLoopUtilization);
    const overload = overloaded(this.lastSample, this.limits, previous);
    if (overload) this.state = { overload, until: Date.now() + overload.retryAfterSeconds * 1000 };
  }
}

/** The `/readyz` entry: what was measured; a warning (not unready) while shedding load. */
export function loadReadiness(load: LoadMonitor): { ok: boolean; detail: string; warning?: string } {
  const { eventLoopDelayMs, outboxDepth, eventLoopUtilization = 0 } = load.last;
  const busy = `event loop busy ${Math.round(eventLoopUtilization * 100)} % (limit ${Math.round((load.limits.maxEventLoopUtilization ?? DEFAULT_OVERLOAD_LIMITS.maxEventLoopUtilization) * 100)})`;
  const rate = load.writeRate();
  const writes = rate === Number.POSITIVE_INFINITY ? 'writes not limited' : `writes limited to ${Math.round(rate)}/s`;
  const detail = `event-loop delay ${Math.round(eventLoopDelayMs)} ms (limit ${load.limits.maxEventLoopDelayMs}); ${busy}; ${writes}; outbox depth ${outboxDepth} (limit ${load.limits.maxOutboxDepth})`;
  const overload = load.current();
  return overload ? { ok: true, detail, warning: `shedding load: ${overload.code}` } : { ok: true, detail };
}
