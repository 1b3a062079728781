import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.ts';
import { hasRole } from './roles.ts';
import type { AuthUser, TokenIssuer } from './token.ts';

/** Hono variables set by the service kit's middleware. */
export interface KitVariables {
  user: AuthUser;
  requestId: string;
}

/**
 * Requires `Authorization: Bearer <token>`; with `roles`, one of them.
 * @example app.use('/api/v1/messages/*', requireAuth(tokens, ['liaison-officer']));
 */
export function requireAuth(tokens: TokenIssuer, roles?: readonly string[]): MiddlewareHandler<{ Variables: KitVariables }> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'unauthorized', 'a bearer token is required');
    const user = await tokens.verify(match[1]);
    if (!user) throw new HttpError(401, 'unauthorized', 'the token is invalid or expired');
    if (!hasRole(user.roles, roles)) {
      throw new HttpError(403, 'forbidden', `this needs one of the roles: ${roles?.join(', ')}`);
    }
    c.set('user', user);
    await next();
  };
}
