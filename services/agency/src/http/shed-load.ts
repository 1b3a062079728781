import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from '@mou-hub/service-kit';
import { DEFAULT_OVERLOAD_LIMITS, type Overload } from '../platform/overload.ts';

const refuse = async (c: Context, overload: Overload) => {
  await bodyArrived(c);
  return c.json(
    errorBody('overloaded', `the node is busy (${overload.code}: ${overload.params.measured} > ${overload.params.limit}); retry after ${overload.retryAfterSeconds} s`, overload),
    503,
    { 'retry-after': String(overload.retryAfterSeconds) },
  );
};

/** How long a refusal waits for the rest of a request's body before it answers anyway. */
const BODY_WAIT_MS = 2_000;

/**
 * Lets the rest of the request's body arrive, discarded, before the refusal is sent. Answered
 * with its body unread, a request's connection is closed by @hono/node-server when the body does
 * not end within 500 ms of the answer, and on a busy loop (turns of 100 ms to 1 s) that timer
 * can fire before the bytes already there are read: a client keeping the connection alive sees
 * its next request fail on a closed socket instead of a 503 (shed-load.test.ts). Discarding
 * costs no parsing; past `BODY_WAIT_MS` the answer goes anyway.
 */
function bodyArrived(c: Context): Promise<void> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded || incoming.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      incoming.off('end', done);
      incoming.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, BODY_WAIT_MS);
    incoming.on('end', done);
    incoming.on('error', done);
    incoming.resume();
  });
}

/**
 * Answers 503 with `Retry-After` at once while the node is overloaded (a saturated event loop:
 * every request; a saturated outbox: every request but reads; more than `maxInFlight` requests
 * in progress, fewer while the event loop is busy, or a write past the writes a second it carries now: the new one),
 * before any body is parsed, any password checked or any row written (the body is let arrive and
 * discarded first, see {@link bodyArrived}):
 * "busy, come back" costs the node almost nothing, and the client can tell it from "down".
 * Mount it on `/api/*` only, so `/healthz`, `/readyz` and `/metrics` keep answering.
 * @example app.use('/api/*', shedLoad(() => load.current(), { maxInFlight: 256 }));
 */
export function shedLoad(
  current: () => Overload | undefined,
  opts: { maxInFlight?: number | (() => number); retryAfterSeconds?: number; admitWrite?: () => boolean; writeRate?: () => number } = {},
): MiddlewareHandler {
  // A burst past it waits in no queue: it is refused at once. A function is asked each time
  // (the load monitor lowers it while the event loop has no slack).
  const limit = typeof opts.maxInFlight === 'function' ? opts.maxInFlight : () => (opts.maxInFlight as number | undefined) ?? DEFAULT_OVERLOAD_LIMITS.maxInFlight;
  let inFlight = 0;
  return async (c, next) => {
    const maxInFlight = limit();
    const overload = current();
    // A deep outbox is a reason to stop taking messages, not to stop officers reading.
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (overload && !(overload.code === 'outbox-saturated' && reading)) return refuse(c, overload);
    if (inFlight >= maxInFlight) {
      return refuse(c, { code: 'requests-saturated', params: { measured: inFlight + 1, limit: maxInFlight }, retryAfterSeconds: opts.retryAfterSeconds ?? 1 });
    }
    // Writes past the rate the node carries now (load-monitor's writeRate): refused at once too.
    if (!reading && opts.admitWrite && !opts.admitWrite()) {
      const rate = Math.round(opts.writeRate?.() ?? 0);
      return refuse(c, { code: 'writes-saturated', params: { measured: rate + 1, limit: rate }, retryAfterSeconds: opts.retryAfterSeconds ?? 1 });
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };
}
