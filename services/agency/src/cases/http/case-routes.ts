import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { MessageId } from '@mou-hub/protocol';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { findCase, listCases } from '../case-store.ts';
import {
  ActionAccepted,
  ActionRequest,
  CaseListPage,
  CaseListQuery,
  CaseView,
  OpenCaseAccepted,
  OpenCaseRequest,
} from './case-schemas.ts';
import { caseListItem, caseView } from '../case-view.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { ownAgencyOnly } from '../../http/own-agency.ts';
import { ErrorResponse } from '../../messages/http/schemas.ts';
import { openCase, takeAction } from '../case-actions.ts';
import { validate } from '../../http/validate.ts';

const json = (schema: Parameters<typeof resolver>[0]) => ({ 'application/json': { schema: resolver(schema) } });

/**
 * Case API v1 (issue 8, a fixed contract): open a case, list and read cases, take an action.
 * `attachments` lists a case's attachments on the case view, when the attachment store is there.
 */
export function caseRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>()
    .use(requireAuth(deps.tokens, ACCESS.cases), ownAgencyOnly(deps))
    .post(
      '/',
      describeRoute({
        tags: ['cases'],
        summary: 'Open a case: queue its opening request',
        description:
          'Sends the opening request of `kind` (repatriation.request, investigation.request, consular.verification.request) to `to` under `agreement`. ' +
          'Consent to share must be recorded first: in `consent`, through the `intake` it comes from, or (repatriation) in every person of the body. `id` is the thread id.',
        security: [{ bearer: [] }],
        responses: {
          202: { description: 'Queued; the case is open on this side', content: json(OpenCaseAccepted) },
          400: { description: 'Invalid request or body (with field paths), agreement or recipient', content: json(ErrorResponse) },
          409: { description: '`consent-required`: no consent to share recorded', content: json(ErrorResponse) },
        },
      }),
      validate('json', OpenCaseRequest),
      async (c) => {
        const req = c.req.valid('json');
        const sent = await openCase(deps, { ...req, user: c.get('user').sub });
        return c.json({ id: sent.caseId, state: sent.state, messageId: sent.messageId }, 202);
      },
    )
    .get(
      '/',
      describeRoute({
        tags: ['cases'],
        summary: "This agency's cases, newest first; `overdue=true`: an open step is past its due date",
        security: [{ bearer: [] }],
        responses: { 200: { description: 'One page of cases', content: json(CaseListPage) }, 400: { description: 'Bad filter', content: json(ErrorResponse) } },
      }),
      validate('query', CaseListQuery),
      async (c) => {
        const q = c.req.valid('query');
        const overdue = q.overdue === undefined ? undefined : q.overdue === 'true';
        const page = await listCases(deps.db, { ...q, overdue, now: new Date().toISOString() });
        return c.json({ items: page.items.map(caseListItem), total: page.total, limit: q.limit, offset: q.offset });
      },
    )
    .get(
      '/:id',
      describeRoute({
        tags: ['cases'],
        summary: 'A case: state, persons, what this side may do now, every message both ways, deadlines, attachments, links',
        description: 'Reading a case is recorded in the access log.',
        security: [{ bearer: [] }],
        responses: { 200: { description: 'The case', content: json(CaseView) }, 404: { description: 'No such case here', content: json(ErrorResponse) } },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => {
        const { id } = c.req.valid('param');
        const user = c.get('user');
        const row = await findCase(deps.db, id);
        if (!row) throw new HttpError(404, 'not-found', `no case ${id} here`);
        const now = new Date();
        await recordAccess(deps.db, [{ at: now.toISOString(), user: user.sub, case: id, what: 'case' }]);
        return c.json(await caseView(deps, row, now));
      },
    )
    .post(
      '/:id/actions/:name',
      describeRoute({
        tags: ['cases'],
        summary: "Take an action on a case: queue the message it sends (one of the case view's `actions`)",
        security: [{ bearer: [] }],
        responses: {
          202: { description: 'Queued; the case moved on this side', content: json(ActionAccepted) },
          400: { description: 'Invalid body, with field paths', content: json(ErrorResponse) },
          404: { description: 'No such case here', content: json(ErrorResponse) },
          409: { description: '`invalid-state`: the action is not open to this side now', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId, name: v.pipe(v.string(), v.regex(/^[a-z][a-z-]{0,63}$/)) })),
      validate('json', ActionRequest),
      async (c) => {
        const { id, name } = c.req.valid('param');
        const req = c.req.valid('json');
        const sent = await takeAction(deps, id, { name, lang: req.lang, body: req.body, user: c.get('user').sub });
        return c.json({ messageId: sent.messageId, state: sent.state }, 202);
      },
    );
}
