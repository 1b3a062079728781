import { checkLogin, HttpError, parseInput, ROLE, type TokenIssuer } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import * as v from 'valibot';

/** An auditor as the service holds it: name and scrypt hash. */
export interface AuditorAccount {
  username: string;
  passwordHash: string;
}

/** Whose the auditors' tokens are: the Secretariat runs the audit. */
export const AUDIT_AGENCY = 'la-secretariat';

export const LoginRequest = v.strictObject({ username: v.pipe(v.string(), v.maxLength(64)), password: v.pipe(v.string(), v.maxLength(1024)) });

/** The auditor with these credentials, or a 401 `invalid-credentials`; as slow for an unknown name. */
export async function login(auditors: readonly AuditorAccount[], username: string, password: string): Promise<AuditorAccount> {
  const auditor = auditors.find((a) => a.username === username);
  if (!(await checkLogin(password, auditor?.passwordHash)) || !auditor) throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
  return auditor;
}

/** The token of an auditor: role `auditor`, agency `la-secretariat`. */
export const auditorToken = (tokens: TokenIssuer, a: AuditorAccount) => tokens.issue({ sub: a.username, roles: [ROLE.auditor], agency: AUDIT_AGENCY });

/**
 * POST /api/v1/auth/login `{username, password}` → `{token, tokenType, expiresIn}`, as the nodes.
 *
 * @example
 * app.route('/api/v1/auth', authRoutes(tokens, auditors, 28800));
 */
export function authRoutes(tokens: TokenIssuer, auditors: readonly AuditorAccount[], ttlSeconds: number): Hono {
  const app = new Hono();
  app.post('/login', async (c) => {
    const body = parseInput(LoginRequest, await c.req.json().catch(() => undefined), 'body');
    const auditor = await login(auditors, body.username, body.password);
    return c.json({ token: await auditorToken(tokens, auditor), tokenType: 'Bearer', expiresIn: ttlSeconds });
  });
  return app;
}
