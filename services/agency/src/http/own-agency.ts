import type { MiddlewareHandler } from 'hono';
import { HttpError, type KitVariables } from '@mou-hub/service-kit';
import type { AppDeps } from './deps.ts';

/**
 * Officers see only their own agency's cases. Tokens are signed per node, so a token of another
 * node does not verify here at all; this says it a second time, in the case routes themselves.
 * Put it after `requireAuth`.
 * @example app.use(requireAuth(deps.tokens, ACCESS.cases), ownAgencyOnly(deps))
 */
export function ownAgencyOnly(deps: Pick<AppDeps, 'agency'>): MiddlewareHandler<{ Variables: KitVariables }> {
  return async (c, next) => {
    if (c.get('user').agency !== deps.agency) throw new HttpError(403, 'forbidden', `cases of ${deps.agency} are for its own officers`);
    await next();
  };
}
