import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorForLog } from './log.ts';

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

/**
 * The codes every service's HTTP edge answers with, whatever the service:
 * `invalid-request` (400: a body, query or path that does not validate, or is not JSON),
 * `invalid-credentials` (401: a login with a wrong username or password),
 * `unauthorized` (401: no session or token, or one expired, revoked or forged),
 * `forbidden` (403: a role is missing), `not-found`, `conflict`, `too-large` (413), `internal`.
 * Services add their own domain codes (`invalid-state`, `agreement-violation`…) beside these.
 */
export const EDGE_CODES = [
  'invalid-request',
  'invalid-credentials',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'too-large',
  'internal',
] as const;

/** The JSON error shape every service answers with. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Renders an error as a page, for a browser asking outside `/api/`. */
export type HtmlErrorPage = (c: Context, error: HttpError) => Response | Promise<Response>;

// A browser navigating (not a script calling the API) gets a page; everything else JSON.
const wantsPage = (c: Context): boolean => !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');

/** Any thrown value as an HttpError; unexpected ones become `internal` (their text may hold data). */
function asHttpError(err: Error): HttpError {
  if (err instanceof HttpError) return err;
  const status = (err as { status?: number }).status;
  if (status === 413) return new HttpError(413, 'too-large', 'request body too large');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status as ContentfulStatusCode, 'invalid-request', err.message);
  }
  return new HttpError(500, 'internal', 'internal error');
}

/**
 * Makes every error and every unknown route answer `{error: {code, message}}` JSON, or, with
 * `opts.page`, an HTML page for a browser outside `/api/`. Unexpected errors are logged and
 * answered 500 without their text (it may hold data).
 * @example jsonErrors(app, log, { page: (c, e) => c.html(errorPage(e), e.status) });
 */
export function jsonErrors(app: Hono<any>, log?: { error: (obj: object, msg: string) => void }, opts: { page?: HtmlErrorPage } = {}): void {
  const answer = (c: Context, e: HttpError) =>
    opts.page && wantsPage(c) ? opts.page(c, e) : c.json(errorBody(e.code, e.message, e.details), e.status);
  app.notFound((c) => answer(c, new HttpError(404, 'not-found', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((err, c: Context) => {
    const e = asHttpError(err);
    if (e.code === 'internal' && !(err instanceof HttpError)) log?.error({ err: errorForLog(err) }, 'unhandled error');
    return answer(c, e);
  });
}
