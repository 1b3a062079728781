/** What the node measured in its last sample. */
export interface LoadSample {
  /** Worst event-loop delay since the previous sample, in ms. */
  eventLoopDelayMs: number;
  /** Messages queued and not yet acknowledged by the stream. */
  outboxDepth: number;
  /** Share of the time since the previous sample the event loop was busy (0 to 1; `performance.eventLoopUtilization`). */
  eventLoopUtilization?: number;
}

/** Past these the API sheds load; `/healthz`, `/readyz` and `/metrics` keep answering. */
export interface OverloadLimits {
  maxEventLoopDelayMs: number;
  /**
   * Past this share of busy time, twice in a row, the loop has no slack: requests wait unread in
   * the socket queue, where no counter sees them, until clients time out. 0.9 when absent.
   */
  maxEventLoopUtilization?: number;
  maxOutboxDepth: number;
  /** Most API requests in progress at once; past it a new one is refused. */
  maxInFlight: number;
  /** How long a refusal asks the client to wait, and how long the node stays shedding after a saturated sample. */
  retryAfterSeconds: number;
}

/** Defaults: a second of event-loop delay, the loop busy 90 % of the time, 10,000 queued messages, 64 requests in progress, come back in 2 s. */
export const DEFAULT_OVERLOAD_LIMITS = {
  maxEventLoopDelayMs: 1_000,
  maxEventLoopUtilization: 0.9,
  maxOutboxDepth: 10_000,
  maxInFlight: 64,
  retryAfterSeconds: 2,
} as const satisfies Required<OverloadLimits>;

/** Why the node is shedding load: a code and what it measured (for the 503 body and the log). */
export interface Overload {
  code: 'event-loop-saturated' | 'outbox-saturated' | 'requests-saturated' | 'writes-saturated';
  params: { measured: number; limit: number };
  retryAfterSeconds: number;
}

/**
 * Is the node saturated? The event loop first: when it lags, every answer is late, and a quick
 * 503 costs far less than a late 202. It counts only when this sample and the `previous` one
 * both lag: one stall (a garbage collection, a busy neighbour on the machine) is over by the
 * time it is measured, and shedding for it would refuse work for nothing. Then the outbox:
 * taking more than the relay can publish only moves the wait from the client to the queue.
 * @example overloaded({ eventLoopDelayMs: 1500, outboxDepth: 3 }, DEFAULT_OVERLOAD_LIMITS, previous)?.code // 'event-loop-saturated'
 */
export function overloaded(s: LoadSample, limits: OverloadLimits, previous?: LoadSample): Overload | undefined {
  const lagging = (x: LoadSample | undefined) => x !== undefined && x.eventLoopDelayMs > limits.maxEventLoopDelayMs;
  if (lagging(s) && lagging(previous)) {
    return { code: 'event-loop-saturated', params: { measured: Math.round(s.eventLoopDelayMs), limit: limits.maxEventLoopDelayMs }, retryAfterSeconds: limits.retryAfterSeconds };
  }
  if (s.outboxDepth > limits.maxOutboxDepth) {
    return { code: 'outbox-saturated', params: { measured: s.outboxDepth, limit: limits.maxOutboxDepth }, retryAfterSeconds: limits.retryAfterSeconds };
  }
  return undefined;
}

/**
 * The fewest requests in progress a busy node still takes. A node is busy whenever its relay and
 * inbox work through a burst, and a handful of officers (or a post's client sending ten at a
 * time) must not be refused then: the floor is what one office sends at once.
 */
export const MIN_IN_FLIGHT = 16;

/**
 * How many API requests may be in progress after this sample. A loop busy nearly all the time
 * (`maxEventLoopUtilization`, in this sample and the previous one) answers late whatever its
 * delay: requests wait unread in the socket queue, where no counter sees them, until clients
 * time out. So the limit halves (down to `MIN_IN_FLIGHT`) while the loop stays busy, and doubles back (up to
 * `maxInFlight`) once it has slack: the node keeps working at what it can carry, and the
 * requests past it get a 503 that costs a few header bytes instead of a time-out.
 * @example inFlightLimit(64, { eventLoopDelayMs: 40, outboxDepth: 0, eventLoopUtilization: 0.97 }, DEFAULT_OVERLOAD_LIMITS, busyBefore) // 32
 */
export function inFlightLimit(current: number, s: LoadSample, limits: OverloadLimits, previous?: LoadSample): number {
  const maxBusy = limits.maxEventLoopUtilization ?? DEFAULT_OVERLOAD_LIMITS.maxEventLoopUtilization;
  const busy = (x: LoadSample | undefined) => x !== undefined && (x.eventLoopUtilization ?? 0) > maxBusy;
  if (busy(s) && busy(previous)) return Math.max(MIN_IN_FLIGHT, Math.floor(current / 2));
  if (!busy(s)) return Math.min(limits.maxInFlight, current * 2);
  return current;
}

/** The fewest writes a second a busy node still takes (beside a burst of `MIN_IN_FLIGHT` at once). */
export const MIN_WRITE_RATE = 4;
/** A turn of the event loop this long (its worst delay in a sample) lets few connections in: libuv accepts one a turn. */
export const LONG_TURN_MS = 100;
/** Past this many writes a second allowed, the node stops counting: no rate limit. */
export const UNLIMITED_WRITE_RATE = 2_000;

/**
 * How many writes (`/api/*` requests other than GET and HEAD: sends, case steps) a second the
 * node takes after this sample; `Infinity` is no limit. Why a rate and not only `inFlightLimit`:
 * a send answers in milliseconds, so 16 in progress at once still let in several times what the
 * relay, the receipts and the evidence log can carry afterwards. Past that the event loop runs
 * long turns, and libuv accepts one connection per turn: new connections then wait in the
 * kernel's accept queue (511 deep) until clients time out, 503 or not (issue 21: `pnpm bench`'s
 * overload phase, the node taking 4 connections a second while 170 a second came).
 * So it follows the loop sample by sample: busy past `maxEventLoopUtilization` with turns longer
 * than `LONG_TURN_MS` (a loop busy in short turns still accepts and answers), the rate falls to
 * 0.85 of what was admitted (never under `MIN_WRITE_RATE`). Otherwise it rises by a tenth and a
 * few, or faster where the sample shows room: up to what was admitted scaled to the busy limit
 * (at most double), and double while the loop is idle over half its time (a cut made for a burst
 * that has passed is undone within a second, not left refusing while the node waits: measured,
 * a closed loop of 32 clients saw its limit held near 30/s for seconds with the loop 10-20 %
 * busy). No limit past `UNLIMITED_WRITE_RATE`. It settles near what the node carries on this
 * machine now, whoever else uses its cores.
 * @example writeRate(Infinity, 120, { eventLoopDelayMs: 300, outboxDepth: 0, eventLoopUtilization: 0.98 }, DEFAULT_OVERLOAD_LIMITS) // 102
 * @example writeRate(30, 30, { eventLoopDelayMs: 20, outboxDepth: 0, eventLoopUtilization: 0.15 }, DEFAULT_OVERLOAD_LIMITS) // 64
 */
export function writeRate(current: number, admittedPerSecond: number, s: LoadSample, limits: OverloadLimits): number {
  const maxBusy = limits.maxEventLoopUtilization ?? DEFAULT_OVERLOAD_LIMITS.maxEventLoopUtilization;
  const busy = s.eventLoopUtilization;
  if ((busy ?? 0) > maxBusy && s.eventLoopDelayMs > LONG_TURN_MS) return Math.max(MIN_WRITE_RATE, 0.85 * Math.min(current, admittedPerSecond));
  let raised = current * 1.1 + MIN_WRITE_RATE;
  if (busy !== undefined && busy < maxBusy / 2) raised = current * 2 + MIN_WRITE_RATE;
  else if (busy !== undefined && busy > 0 && busy < maxBusy) raised = Math.max(raised, Math.min(current * 2, (admittedPerSecond * maxBusy) / busy));
  return raised > UNLIMITED_WRITE_RATE ? Number.POSITIVE_INFINITY : raised;
}
