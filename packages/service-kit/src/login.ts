import type { Context } from 'hono';
import { errorBody } from './errors.ts';
import type { LoginAttempt, LoginLimiter } from './login-limit.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { SlotsFullError } from './slots.ts';

/**
 * Checks a login against the stored account, if any, in the same time whether the username
 * exists or not, so usernames cannot be probed. A `false` is answered 401 `invalid-credentials`.
 * Use {@link attemptLogin}, which adds the limits, for a login route.
 * @example if (!(await checkLogin(password, user?.passwordHash))) throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
 */
export async function checkLogin(password: string, storedHash: string | undefined): Promise<boolean> {
  const ok = await verifyPassword(password, storedHash ?? decoyHash());
  return ok && storedHash !== undefined;
}

/** A login's outcome: the account (and a new hash to store, when the old one is cheaper than today's cost), or why not. */
export type LoginOutcome<A> =
  | { ok: true; account: A; rehash?: string }
  | { ok: false; code: 'invalid-credentials' }
  /** Too many failures for this username or from this address (429), or too many checks waiting (503). */
  | { ok: false; code: 'too-many-attempts' | 'busy'; retryAfterSeconds: number };

/**
 * The one login of every service (nodes, directory, audit; API and forms): the attempt is
 * reserved against the limits before the password is hashed (so concurrent guesses cannot
 * outrun the count), the password is checked as slowly for an unknown account as for a wrong
 * password, and a good password under an older, cheaper hash comes back with a new hash to store.
 * @example
 * const r = await attemptLogin(limiter, { username, address: clientAddress(c, proxies) }, password, accounts.find(...));
 * if (!r.ok) return loginRefusal(c, r);
 */
export async function attemptLogin<A extends { passwordHash: string }>(
  limiter: LoginLimiter,
  attempt: LoginAttempt,
  password: string,
  account: A | undefined,
): Promise<LoginOutcome<A>> {
  const gate = limiter.reserve(attempt);
  if (!gate.ok) return { ok: false, code: 'too-many-attempts', retryAfterSeconds: gate.retryAfterSeconds };
  let good: boolean;
  try {
    good = await checkLogin(password, account?.passwordHash);
  } catch (err) {
    limiter.release(attempt);
    if (err instanceof SlotsFullError) return { ok: false, code: 'busy', retryAfterSeconds: 1 };
    throw err;
  }
  if (!good || !account) return { ok: false, code: 'invalid-credentials' };
  limiter.succeed(attempt);
  if (!needsRehash(account.passwordHash)) return { ok: true, account };
  // A busy checker only delays the upgrade to the next login.
  const rehash = await hashPassword(password).catch(() => undefined);
  return rehash ? { ok: true, account, rehash } : { ok: true, account };
}

const REFUSAL_TEXT = {
  'invalid-credentials': () => 'wrong username or password',
  'too-many-attempts': (s: number) => `too many failed logins; try again in ${s} s`,
  busy: () => 'too many logins at once; try again shortly',
} as const;

/**
 * The JSON answer of an API login refused by {@link attemptLogin}: 401, or 429/503 with `Retry-After`.
 * @example if (!r.ok) return loginRefusal(c, r);
 */
export function loginRefusal(c: Context, r: Exclude<LoginOutcome<unknown>, { ok: true }>): Response {
  if (r.code === 'invalid-credentials') return c.json(errorBody(r.code, REFUSAL_TEXT[r.code]()), 401);
  const headers = { 'retry-after': String(r.retryAfterSeconds) };
  return c.json(errorBody(r.code, REFUSAL_TEXT[r.code](r.retryAfterSeconds)), r.code === 'busy' ? 503 : 429, headers);
}
