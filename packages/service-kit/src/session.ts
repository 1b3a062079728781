import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { KitVariables } from './auth.ts';
import { HttpError } from './errors.ts';
import { hasRole } from './roles.ts';
import type { TokenIssuer } from './token.ts';

/** The cookie holding a browser's session: the same signed token the API takes as a bearer. */
export const SESSION_COOKIE = 'mou_session';
/** The form field (or `x-csrf-token` header) every state-changing page request must carry. */
export const CSRF_FIELD = '_csrf';

/** Hono variables of a page behind {@link requireSession}. */
export interface SessionVariables extends KitVariables {
  /** The CSRF token to put in every form of the page. */
  csrf: string;
}

/**
 * The CSRF token of a session: a digest of its cookie, which a page of another site can
 * neither read (HttpOnly, same-origin) nor guess.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

/**
 * Starts a browser session: an HttpOnly, SameSite=Strict cookie with the signed token
 * (`secure` on HTTPS). It ends with the browser, the token's expiry, or a logout.
 * @example startSession(c, await tokens.issue(user), { secure: url.protocol === 'https:' });
 */
export function startSession(c: Context, token: string, opts: { secure?: boolean } = {}): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: opts.secure ?? false });
}

/** Ends the browser session (the token itself is revoked by the caller, e.g. a token version bump). */
export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The session token of the request, if any. */
export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

const sameToken = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Requires a session cookie for a page; with `roles`, one of them. Without a session a GET is
 * sent to `loginPath?next=…` and anything else answers 401 `unauthorized`; a missing role is 403
 * `forbidden`. A POST must carry the session's CSRF token in `_csrf` (or `x-csrf-token`).
 * @example app.get('/quarantine', requireSession(tokens, ['administrator']), (c) => …);
 */
export function requireSession(
  tokens: TokenIssuer,
  roles?: readonly string[],
  opts: {
    loginPath?: string;
    /**
     * The route streams a `multipart/form-data` body itself (an upload): the middleware then
     * reads no body, and the handler checks the form's `_csrf` field with {@link checkSessionCsrf}
     * before it reads any file. Without it, a multipart form is read whole to find its token.
     */
    streamsMultipart?: boolean;
  } = {},
): MiddlewareHandler<{ Variables: SessionVariables }> {
  const loginPath = opts.loginPath ?? '/login';
  return async (c, next) => {
    const token = sessionToken(c);
    const user = token ? await tokens.verify(token) : undefined;
    if (!token || !user) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next_ = new URL(c.req.url);
        return c.redirect(`${loginPath}?next=${encodeURIComponent(next_.pathname + next_.search)}`, 303);
      }
      throw new HttpError(401, 'unauthorized', 'log in first');
    }
    if (!hasRole(user.roles, roles)) throw new HttpError(403, 'forbidden', `this needs one of the roles: ${roles?.join(', ')}`);
    const csrf = csrfTokenFor(token);
    const streamed = opts.streamsMultipart && (c.req.header('content-type') ?? '').includes('multipart/form-data') && !c.req.header('x-csrf-token');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !streamed) {
      checkSessionCsrf(csrf, c.req.header('x-csrf-token') ?? (await formField(c, CSRF_FIELD)));
    }
    c.set('user', user);
    c.set('csrf', csrf);
    await next();
  };
}

/**
 * Refuses (403 `csrf-mismatch`) a form whose token is not its session's: for a route that
 * reads its own multipart stream (`streamsMultipart`), called with the `_csrf` field before any file is read.
 * @example checkSessionCsrf(c.get('csrf'), fields['_csrf']);
 */
export function checkSessionCsrf(expected: string, given: unknown): void {
  if (typeof given !== 'string' || !sameToken(given, expected)) throw new HttpError(403, 'csrf-mismatch', 'the form is stale or from another site; reload it');
}

/** One text field of a urlencoded or multipart body (the body stays readable for the handler). */
async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return undefined;
  const value = (await c.req.parseBody())[name];
  return typeof value === 'string' ? value : undefined;
}
