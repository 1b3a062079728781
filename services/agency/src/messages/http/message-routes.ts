import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { MessageId } from '@mou-hub/protocol';
import { recordAccess } from '../../access-log/access-store.ts';
import { findOutbox, outboxEvents } from '../outbox-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { Accepted, ErrorResponse, MessageView, SendRequest } from './schemas.ts';
import { sendMessage } from '../send.ts';
import { inboxView, outboxView } from '../message-view.ts';
import { validate } from '../../http/validate.ts';

const json = (schema: Parameters<typeof resolver>[0]) => ({ 'application/json': { schema: resolver(schema) } });

/** `POST /api/v1/messages` and `GET /api/v1/messages/:id`. */
export function messageRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>()
    .use(requireAuth(deps.tokens, ACCESS.cases))
    .post(
      '/',
      describeRoute({
        tags: ['messages'],
        summary: 'Queue a message to another agency',
        description: 'Commits the message to the outbox and answers at once; the relay seals and publishes it. Watch its status with GET /api/v1/messages/{id}.',
        security: [{ bearer: [] }],
        responses: {
          202: { description: 'Queued', content: json(Accepted) },
          400: { description: 'Invalid request, body, agreement or recipient', content: json(ErrorResponse) },
          409: { description: 'The thread does not allow this step', content: json(ErrorResponse) },
          413: { description: 'Request too large', content: json(ErrorResponse) },
        },
      }),
      validate('json', SendRequest),
      async (c) => {
        const queued = await sendMessage(deps, c.req.valid('json'));
        deps.log.info({ messageId: queued.id, user: c.get('user').sub, requestId: c.get('requestId') }, 'message queued');
        return c.json(queued, 202);
      },
    )
    .get(
      '/:id',
      describeRoute({
        tags: ['messages'],
        summary: 'A message with its status and status history',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'The message', content: json(MessageView) },
          404: { description: 'No such message', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => {
        const { id } = c.req.valid('param');
        const sent = await findOutbox(deps.db, id);
        const view = sent
          ? outboxView(deps.agency, sent, await outboxEvents(deps.db, id), deps.atRest)
          : await deps.db.selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst().then((r) => r && inboxView(deps.agency, r, deps.atRest));
        if (!view) throw new HttpError(404, 'not-found', `no message ${id}`);
        await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: view.thid, what: `message:${id}` }]);
        deps.log.info({ messageId: id, user: c.get('user').sub, requestId: c.get('requestId') }, 'case data viewed');
        return c.json(view);
      },
    );
}
