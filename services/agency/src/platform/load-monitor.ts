import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { DEFAULT_OVERLOAD_LIMITS, inFlightLimit, MIN_IN_FLIGHT, overloaded, writeRate, type LoadSample, type Overload, type OverloadLimits } from './overload.ts';

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

  constructor(
    readonly limits: OverloadLimits,
    private readonly depth: () => Promise<number>,
    private readonly intervalMs = 500,
  ) {
    this.delay = monitorEventLoopDelay({ resolution: 10 });
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
