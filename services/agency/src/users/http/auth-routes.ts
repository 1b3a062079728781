import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { LOGIN_BODY_BYTES, limitBody, loginRefusal, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorResponse, LoginRequest, LoginResponse } from '../../messages/http/schemas.ts';
import { clientAddress, logIn, logOut } from '../sessions.ts';
import { validate } from '../../http/validate.ts';

const error = { 'application/json': { schema: resolver(ErrorResponse) } };

/** `POST /api/v1/auth/login` and `POST /api/v1/auth/logout`. */
export function authRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>()
    .post(
      '/login',
      describeRoute({
        tags: ['auth'],
        summary: 'Log in; answers a bearer token for the other routes',
        responses: {
          200: { description: 'Logged in', content: { 'application/json': { schema: resolver(LoginResponse) } } },
          401: { description: 'Wrong username or password', content: error },
          429: { description: 'Too many failed logins for this username or from this address; see Retry-After', content: error },
          503: { description: 'Too many logins being checked; see Retry-After', content: error },
        },
      }),
      // A login body is a few hundred bytes: 16 KiB at most, refused before it is read.
      limitBody(LOGIN_BODY_BYTES),
      validate('json', LoginRequest),
      async (c) => {
        const { username, password } = c.req.valid('json');
        const r = await logIn(deps, { username, password, address: clientAddress(deps, c) });
        return r.ok ? c.json({ token: r.token }) : loginRefusal(c, r);
      },
    )
    .post(
      '/logout',
      requireAuth(deps.tokens),
      describeRoute({
        tags: ['auth'],
        summary: 'Log out: ends every token and session of this officer at once',
        security: [{ bearer: [] }],
        responses: { 204: { description: 'Every token of the officer is ended' }, 401: { description: 'No valid token', content: error } },
      }),
      async (c) => {
        await logOut(deps, c.get('user').sub);
        return c.body(null, 204);
      },
    );
}
