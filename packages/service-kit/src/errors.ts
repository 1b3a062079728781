import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type of the HTTP layer: a status, a stable code and a human message.
 * @example throw new HttpError(404, 'not-found', `no message ${id}`);
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON error shape every service answers with. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * Makes every error and every unknown route answer `{error: {code, message}}` JSON.
 * Unexpected errors are logged and answered 500 without their text (it may hold data).
 */
export function jsonErrors(app: Hono<any>, log?: { error: (obj: object, msg: string) => void }): void {
  app.notFound((c) => c.json(errorBody('not-found', `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c: Context) => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    const status = (err as { status?: number }).status;
    if (status === 413) return c.json(errorBody('too-large', 'request body too large'), 413);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return c.json(errorBody('bad-request', err.message), status as ContentfulStatusCode);
    }
    log?.error({ err: { name: err.name, stack: err.stack } }, 'unhandled error');
    return c.json(errorBody('internal', 'internal error'), 500);
  });
}
