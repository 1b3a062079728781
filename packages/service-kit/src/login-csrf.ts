import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HttpError } from './errors.ts';

/** The cookie that pairs a login form with the browser it was given to. */
export const LOGIN_CSRF_COOKIE = 'mou_login_csrf';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The login form's CSRF token (put it in the form's `_csrf` field). Before a login there is no
 * session to derive it from, so it is a random value in an HttpOnly, SameSite=Strict cookie
 * (kept while the browser keeps it): another site can neither read it nor have the browser
 * send it with its own form, so it cannot log a victim into the attacker's account.
 * @example <input type="hidden" name="_csrf" value={loginCsrfToken(c, { secure })} />
 */
export function loginCsrfToken(c: Context, opts: { secure: boolean }): string {
  const held = getCookie(c, LOGIN_CSRF_COOKIE);
  if (held && TOKEN.test(held)) return held;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: opts.secure });
  return token;
}

/**
 * Refuses (403 `csrf-mismatch`) a login form whose `_csrf` field is not its browser's cookie.
 * @example checkLoginCsrf(c, form['_csrf']);
 */
export function checkLoginCsrf(c: Context, given: unknown): void {
  const held = getCookie(c, LOGIN_CSRF_COOKIE);
  const ok = typeof given === 'string' && !!held && given.length === held.length && timingSafeEqual(Buffer.from(given), Buffer.from(held));
  if (!ok) throw new HttpError(403, 'csrf-mismatch', 'the form is stale or from another site; reload it');
}
