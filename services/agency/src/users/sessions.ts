import type { Context } from 'hono';
import { attemptLogin, hashForLog, TrustedProxies, type AuthUser } from '@mou-hub/service-kit';
import { endSessions, findUser, storeRehash } from './user-store.ts';
import type { AppDeps } from '../http/deps.ts';

/** A login's outcome: a token, or a refusal code (never which part was wrong). */
export type LoginResult =
  | { ok: true; token: string; user: AuthUser }
  | { ok: false; code: 'invalid-credentials' }
  /** Too many failed logins for this username or from this address (answer 429), or too many password checks waiting (503). */
  | { ok: false; code: 'too-many-attempts' | 'busy'; retryAfterSeconds: number };

/** What a login form carries, and where it came from. */
export interface LoginRequest {
  username: string;
  password: string;
  /** The client's address (see {@link clientAddress}). */
  address: string;
}

/**
 * The one login of the node, for the API's route and the console's login page alike: refuses
 * at once past the failed-login limits (no scrypt spent), checks the password as slowly for an
 * unknown or disabled officer as for a wrong password, and issues a token carrying the
 * officer's current token version. A refused username is logged only as a hash.
 * @example const r = await logIn(deps, { username, password, address: clientAddress(c) });
 */
export async function logIn(deps: AppDeps, req: LoginRequest): Promise<LoginResult> {
  const user = await findUser(deps.db, req.username);
  // The attempt is counted before scrypt runs, so concurrent guesses cannot outrun the limit.
  const r = await attemptLogin(deps.loginLimiter, { username: req.username, address: req.address }, req.password, user);
  if (!r.ok) {
    // The typed username may be a password typed in the wrong field: only its hash is logged.
    deps.log.warn({ user: hashForLog(req.username), address: req.address, code: r.code }, r.code === 'invalid-credentials' ? 'login refused' : 'login limited');
    return r;
  }
  // A hash from before today's scrypt cost is upgraded now, the only time the password is known.
  if (r.rehash && (await storeRehash(deps.db, r.account.username, r.account.passwordHash, r.rehash))) {
    deps.log.info({ username: r.account.username }, 'password hash upgraded to the current scrypt cost');
  }
  const authUser = { sub: r.account.username, roles: r.account.roles, agency: deps.agency };
  const token = await deps.tokens.issue(authUser);
  deps.log.info({ username: r.account.username }, 'login');
  return { ok: true, token, user: authUser };
}

/**
 * Ends every session and token of the officer at once (their token version moves on). The
 * console's logout clears its cookie too.
 * @example await logOut(deps, c.get('user').sub);
 */
export async function logOut(deps: AppDeps, username: string): Promise<void> {
  await endSessions(deps.db, username);
  deps.log.info({ username }, 'logout: every token ended');
}

/**
 * Who a token (bearer or session cookie) speaks for, or undefined for a bad, expired or ended
 * one (older token version, disabled officer). `requireAuth(deps.tokens)` and
 * `requireSession(deps.tokens)` check the same.
 */
export function checkToken(deps: AppDeps, token: string): Promise<AuthUser | undefined> {
  return deps.tokens.verify(token);
}

const NO_PROXIES = new TrustedProxies([]);

/**
 * The client's address: the socket's peer, or what a configured trusted proxy says in
 * X-Forwarded-For (anyone else's header is ignored); `unknown` outside a node server.
 */
export function clientAddress(deps: Pick<AppDeps, 'proxies'>, c: Context): string {
  return (deps.proxies ?? NO_PROXIES).clientAddress(c);
}
