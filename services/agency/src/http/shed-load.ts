import type { MiddlewareHandler } from 'hono';
import { errorBody } from '@mou-hub/service-kit';
import type { Overload } from '../domain/overload.ts';

/**
 * Answers 503 with `Retry-After` at once while the node is overloaded (a saturated event loop:
 * every request; a saturated outbox: every request but reads), before any body is read, any
 * password checked or any row written: "busy, come back" costs the node almost
 * nothing, and the client can tell it from "down". Mount it on `/api/*` only, so `/healthz`,
 * `/readyz` and `/metrics` keep answering.
 * @example app.use('/api/*', shedLoad(() => load.current()));
 */
export function shedLoad(current: () => Overload | undefined): MiddlewareHandler {
  return async (c, next) => {
    const overload = current();
    // A deep outbox is a reason to stop taking messages, not to stop officers reading.
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!overload || (overload.code === 'outbox-saturated' && reading)) return next();
    return c.json(
      errorBody('overloaded', `the node is busy (${overload.code}: ${overload.params.measured} > ${overload.params.limit}); retry after ${overload.retryAfterSeconds} s`, overload),
      503,
      { 'retry-after': String(overload.retryAfterSeconds) },
    );
  };
}
