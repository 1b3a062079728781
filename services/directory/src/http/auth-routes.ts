import { HttpError, checkLogin, type TokenIssuer } from '@mou-hub/service-kit';
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
export const ADMIN_AGENCY = 'la-secretariat';

/**
 * POST /api/v1/auth/login `{username, password}` → `{token, tokenType, expiresIn}`.
 *
 * @example
 * app.route('/api/v1/auth', authRoutes(tokens, admins, 28800));
 */
export function authRoutes(tokens: TokenIssuer, admins: readonly AdminAccount[], ttlSeconds: number): Hono {
  const app = new Hono();
  app.post('/login', async (c) => {
    const { username, password } = await readBody(c, Login);
    const admin = admins.find((a) => a.username === username);
    const good = await checkLogin(password, admin?.passwordHash);
    if (!admin || !good) throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
    const token = await tokens.issue({ sub: admin.username, roles: ['administrator'], agency: ADMIN_AGENCY });
    return c.json({ token, tokenType: 'Bearer', expiresIn: ttlSeconds });
  });
  return app;
}
