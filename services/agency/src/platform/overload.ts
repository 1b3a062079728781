/** What the node measured in its last sample. */
export interface LoadSample {
  /** Worst event-loop delay since the previous sample, in ms. */
  eventLoopDelayMs: number;
  /** Messages queued and not yet acknowledged by the stream. */
  outboxDepth: number;
}

/** Past these the API sheds load; `/healthz`, `/readyz` and `/metrics` keep answering. */
export interface OverloadLimits {
  maxEventLoopDelayMs: number;
  maxOutboxDepth: number;
  /** Most API requests in progress at once; past it a new one is refused. */
  maxInFlight: number;
  /** How long a refusal asks the client to wait, and how long the node stays shedding after a saturated sample. */
  retryAfterSeconds: number;
}

/** Defaults: a second of event-loop delay, 10,000 queued messages, 256 requests in progress, come back in 2 s. */
export const DEFAULT_OVERLOAD_LIMITS: OverloadLimits = { maxEventLoopDelayMs: 1_000, maxOutboxDepth: 10_000, maxInFlight: 256, retryAfterSeconds: 2 };

/** Why the node is shedding load: a code and what it measured (for the 503 body and the log). */
export interface Overload {
  code: 'event-loop-saturated' | 'outbox-saturated' | 'requests-saturated';
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
