import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { accessLogPage } from '../access-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { ownAgencyOnly } from '../../http/own-agency.ts';
import { AccessLogPage, AccessLogQuery } from '../../cases/http/case-schemas.ts';
import { ErrorResponse } from '../../messages/http/schemas.ts';
import { validate } from '../../http/validate.ts';

/** Only a supervisor reads who read what. */

/** `GET /api/v1/access-log?case=&user=`: every read of a case's personal data, oldest first. */
export function accessLogRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>().get(
    '/',
    requireAuth(deps.tokens, ACCESS.accessLog),
    ownAgencyOnly(deps),
    describeRoute({
      tags: ['cases'],
      summary: "Who read which case's personal data, and when (supervisors only)",
      description: 'Every case view, message body, thread, intake and attachment read is recorded here: `what` is `case`, `thread`, `intake`, `message:<id>` or `attachment:<name>`.',
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'One page of the access log', content: { 'application/json': { schema: resolver(AccessLogPage) } } },
        400: { description: 'Bad filter or page', content: { 'application/json': { schema: resolver(ErrorResponse) } } },
        403: { description: 'Not a supervisor', content: { 'application/json': { schema: resolver(ErrorResponse) } } },
      },
    }),
    validate('query', AccessLogQuery),
    async (c) => {
      const q = c.req.valid('query');
      const page = await accessLogPage(deps.db, q);
      return c.json({ ...page, limit: q.limit, offset: q.offset });
    },
  );
}
