import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { MessageId } from '@mou-hub/protocol';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { outboxEvents } from '../outbox-store.ts';
import { threadMessages } from '../thread-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { ErrorResponse, ThreadView } from './schemas.ts';
import { inboxView, outboxView } from '../message-view.ts';
import { validate } from '../../http/validate.ts';

/** `GET /api/v1/threads/:thid`: a case as one thread, what was sent and what came back, in order. */
export function threadRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>().get(
    '/:thid',
    requireAuth(deps.tokens, ACCESS.cases),
    describeRoute({
      tags: ['messages'],
      summary: 'A case thread: every business message both ways, oldest first, with the status of those sent',
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The thread', content: { 'application/json': { schema: resolver(ThreadView) } } },
        404: { description: 'No such thread here', content: { 'application/json': { schema: resolver(ErrorResponse) } } },
      },
    }),
    validate('param', v.object({ thid: MessageId })),
    async (c) => {
      const { thid } = c.req.valid('param');
      const entries = await threadMessages(deps.db, thid);
      if (entries.length === 0) throw new HttpError(404, 'not-found', `no thread ${thid} here`);
      await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: thid, what: 'thread' }]);
      const messages = await Promise.all(
        entries.map(async (e) => (e.direction === 'out' ? outboxView(deps.agency, e.row, await outboxEvents(deps.db, e.row.id), deps.atRest) : inboxView(deps.agency, e.row, deps.atRest))),
      );
      deps.log.info({ thid, messageIds: messages.map((m) => m.id), user: c.get('user').sub, requestId: c.get('requestId') }, 'case data viewed');
      return c.json({ thid, messages });
    },
  );
}
