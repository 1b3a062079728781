import {
  attemptLogin,
  hashForLog,
  LOGIN_BODY_BYTES,
  limitBody,
  LoginLimiter,
  loginRefusal,
  MemorySessionVersions,
  parseInput,
  requireAuth,
  ROLE,
  TrustedProxies,
  type KitVariables,
  type LoginLimits,
  type LoginOutcome,
  type Logger,
  type TokenIssuer,
} from '@mou-hub/service-kit';
import { SECRETARIAT_AGENCY } from '@mou-hub/protocol';
import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';

/** An auditor as the service holds it: name and scrypt hash. */
export interface AuditorAccount {
  username: string;
  passwordHash: string;
}

/** Whose the auditors' tokens are: the Secretariat runs the audit. */
export const AUDIT_AGENCY = SECRETARIAT_AGENCY;

export const LoginRequest = v.strictObject({ username: v.pipe(v.string(), v.maxLength(64)), password: v.pipe(v.string(), v.maxLength(1024)) });

/** The audit's one login, for the API and the dashboard's form alike. */
export interface AuditLogin {
  /** The token of the auditor with these credentials, or why not (limits counted per username and client address). */
  logIn(c: Context, username: string, password: string): Promise<LoginOutcome<{ token: string }>>;
  /** Ends every token and dashboard session of the auditor at once. */
  logOut(username: string): void;
  /** Whether session and login cookies are marked Secure (HTTPS only). */
  readonly secureCookies: boolean;
}

/**
 * The auditors' logins: attempts limited before the password is hashed (service-kit's
 * `attemptLogin`), the client address taken from trusted proxies only, token versions in memory
 * (a logout ends one auditor's tokens, a restart all of them). Pass `versions` to the token issuer.
 * @example
 * const versions = new MemorySessionVersions(auditors.map((a) => a.username));
 * const login = auditLogin({ tokens: createTokenIssuer({ …, sessions: versions }), versions, auditors, … });
 */
export function auditLogin(deps: {
  tokens: TokenIssuer;
  versions: MemorySessionVersions;
  auditors: readonly AuditorAccount[];
  limits?: LoginLimits;
  trustedProxies?: readonly string[];
  secureCookies: boolean;
  log?: Logger;
}): AuditLogin {
  const limiter = new LoginLimiter(deps.limits);
  const proxies = new TrustedProxies(deps.trustedProxies);
  return {
    secureCookies: deps.secureCookies,
    async logIn(c, username, password) {
      const address = proxies.clientAddress(c);
      const r = await attemptLogin(limiter, { username, address }, password, deps.auditors.find((a) => a.username === username));
      if (!r.ok) {
        // The typed username may be a password typed in the wrong field: only its hash is logged.
        deps.log?.warn({ user: hashForLog(username), address, code: r.code }, 'login refused');
        return r;
      }
      if (r.rehash) deps.log?.warn({ username }, 'this auditor’s passwordHash is cheaper than today’s scrypt cost: put a new hash in the configuration');
      return { ok: true, account: { token: await deps.tokens.issue({ sub: r.account.username, roles: [ROLE.auditor], agency: AUDIT_AGENCY }) } };
    },
    logOut(username) {
      deps.versions.end(username);
      deps.log?.info({ username }, 'logout: every token ended');
    },
  };
}

/**
 * POST /api/v1/auth/login `{username, password}` → `{token, tokenType, expiresIn}` (401, or
 * 429/503 with Retry-After), and POST /api/v1/auth/logout (204: every token of the auditor ends).
 *
 * @example
 * app.route('/api/v1/auth', authRoutes(login, tokens, 28800));
 */
export function authRoutes(login: AuditLogin, tokens: TokenIssuer, ttlSeconds: number): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  app.post('/login', limitBody(LOGIN_BODY_BYTES), async (c) => {
    const body = parseInput(LoginRequest, await c.req.json().catch(() => undefined), 'body');
    const r = await login.logIn(c, body.username, body.password);
    if (!r.ok) return loginRefusal(c, r);
    return c.json({ token: r.account.token, tokenType: 'Bearer', expiresIn: ttlSeconds });
  });
  app.post('/logout', requireAuth(tokens), (c) => {
    login.logOut(c.get('user').sub);
    return c.body(null, 204);
  });
  return app;
}
