import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { HttpError, checkLogin } from '@mou-hub/service-kit';
import { findUser } from '../../store/users.ts';
import type { AppDeps } from '../deps.ts';
import { ErrorResponse, LoginRequest, LoginResponse } from '../schemas.ts';
import { validate } from '../validate.ts';

/** `POST /api/v1/auth/login`. */
export function authRoutes(deps: AppDeps) {
  return new Hono().post(
    '/login',
    describeRoute({
      tags: ['auth'],
      summary: 'Log in; answers a bearer token for the other routes',
      responses: {
        200: { description: 'Logged in', content: { 'application/json': { schema: resolver(LoginResponse) } } },
        401: { description: 'Wrong username or password', content: { 'application/json': { schema: resolver(ErrorResponse) } } },
      },
    }),
    validate('json', LoginRequest),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const user = await findUser(deps.db, username);
      const ok = await checkLogin(password, user?.passwordHash);
      if (!user || !ok) {
        deps.log.warn({ username }, 'login refused');
        throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
      }
      const token = await deps.tokens.issue({ sub: user.username, roles: user.roles, agency: deps.agency });
      deps.log.info({ username }, 'login');
      return c.json({ token });
    },
  );
}
