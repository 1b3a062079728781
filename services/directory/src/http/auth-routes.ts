import {
  attemptLogin,
  hashForLog,
  LOGIN_BODY_BYTES,
  limitBody,
  loginRefusal,
  requireAuth,
  type KitVariables,
  type Logger,
  type LoginLimiter,
  type MemorySessionVersions,
  type TokenIssuer,
  type TrustedProxies,
} from '@mou-hub/service-kit';
import { SECRETARIAT_AGENCY } from '@mou-hub/protocol';
import { Hono } from 'hono';
import * as v from 'valibot';
import { readBody } from './body.ts';

/** An administrator as the service holds it: name and scrypt hash. */
export interface AdminAccount {
  username: string;
  passwordHash: string;
}

const Login = v.strictObject({ username: v.pipe(v.string(), v.maxLength(64)), password: v.pipe(v.string(), v.maxLength(1024)) });

/** Who an admin token speaks for: the Secretariat, which owns the directory. */
export const ADMIN_AGENCY = SECRETARIAT_AGENCY;

/** What the login routes need. */
export interface AuthDeps {
  tokens: TokenIssuer;
  admins: readonly AdminAccount[];
  tokenTtlSeconds: number;
  /** The administrators' token versions: a logout moves one on. */
  versions: MemorySessionVersions;
  limiter: LoginLimiter;
  proxies: TrustedProxies;
  log: Logger;
}

/**
 * POST /api/v1/auth/login `{username, password}` → `{token, tokenType, expiresIn}` (failures
 * limited per username and client address: 429 with Retry-After), and POST /api/v1/auth/logout
 * (204): every token of that administrator ends at once.
 *
 * @example
 * app.route('/api/v1/auth', authRoutes({ tokens, admins, tokenTtlSeconds, versions, limiter, proxies, log }));
 */
export function authRoutes(deps: AuthDeps): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  app.post('/login', limitBody(LOGIN_BODY_BYTES), async (c) => {
    const { username, password } = await readBody(c, Login);
    const address = deps.proxies.clientAddress(c);
    const admin = deps.admins.find((a) => a.username === username);
    const r = await attemptLogin(deps.limiter, { username, address }, password, admin);
    if (!r.ok) {
      // The typed username may be a password typed in the wrong field: only its hash is logged.
      deps.log.warn({ user: hashForLog(username), address, code: r.code }, 'login refused');
      return loginRefusal(c, r);
    }
    if (r.rehash) deps.log.warn({ username }, 'this administrator’s passwordHash is cheaper than today’s scrypt cost: hash the password again (mou) and put the new hash in the configuration');
    const token = await deps.tokens.issue({ sub: r.account.username, roles: ['administrator'], agency: ADMIN_AGENCY });
    return c.json({ token, tokenType: 'Bearer', expiresIn: deps.tokenTtlSeconds });
  });
  app.post('/logout', requireAuth(deps.tokens), (c) => {
    deps.versions.end(c.get('user').sub);
    deps.log.info({ username: c.get('user').sub }, 'logout: every token ended');
    return c.body(null, 204);
  });
  return app;
}
