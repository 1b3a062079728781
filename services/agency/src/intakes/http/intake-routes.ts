import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { MessageId } from '@mou-hub/protocol';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { findCase } from '../../cases/case-store.ts';
import { findIntake, linkCase, listIntakes } from '../intake-store.ts';
import { intakeDetail, recordIntake } from '../intake-service.ts';
import { IntakeCreated, IntakeLinkRequest, IntakeListPage, IntakeListQuery, IntakeRequest, IntakeView } from '../../cases/http/case-schemas.ts';
import { caseListItem } from '../../cases/case-view.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { ownAgencyOnly } from '../../http/own-agency.ts';
import { ErrorResponse } from '../../messages/http/schemas.ts';
import { validate } from '../../http/validate.ts';

const json = (schema: Parameters<typeof resolver>[0]) => ({ 'application/json': { schema: resolver(schema) } });

/**
 * Embassy intake (local to the node, no counterpart yet): record a call for help or a police
 * notice about a woman, then open cases from it (`POST /api/v1/cases` with `intake`), and see
 * them all here with their states.
 */
export function intakeRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>()
    .use(requireAuth(deps.tokens, ACCESS.cases), ownAgencyOnly(deps))
    .post(
      '/',
      describeRoute({
        tags: ['intakes'],
        summary: 'Record a call for help or a police notice (details sealed at rest)',
        description: 'Cases opened from it with `POST /api/v1/cases` and `intake: <id>` link back to it and take its consent to share.',
        security: [{ bearer: [] }],
        responses: { 201: { description: 'Recorded', content: json(IntakeCreated) }, 400: { description: 'Invalid intake, with field paths', content: json(ErrorResponse) } },
      }),
      validate('json', IntakeRequest),
      async (c) => {
        const input = c.req.valid('json');
        const user = c.get('user');
        const id = await recordIntake(deps, input, user.sub);
        deps.log.info({ intakeId: id, source: input.source, user: user.sub, requestId: c.get('requestId') }, 'intake recorded');
        return c.json({ id }, 201);
      },
    )
    .get(
      '/',
      describeRoute({
        tags: ['intakes'],
        summary: 'Intakes, newest first, with how many cases each led to (no personal data)',
        security: [{ bearer: [] }],
        responses: { 200: { description: 'One page of intakes', content: json(IntakeListPage) } },
      }),
      validate('query', IntakeListQuery),
      async (c) => {
        const q = c.req.valid('query');
        return c.json({ ...(await listIntakes(deps.db, q)), limit: q.limit, offset: q.offset });
      },
    )
    .post(
      '/:id/cases',
      describeRoute({
        tags: ['intakes'],
        summary: 'Link a case opened elsewhere (e.g. a repatriation the other side requested) to this intake',
        security: [{ bearer: [] }],
        responses: {
          201: { description: 'Linked', content: json(IntakeLinkRequest) },
          404: { description: 'No such intake or case here', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId })),
      validate('json', IntakeLinkRequest),
      async (c) => {
        const { id } = c.req.valid('param');
        const { case: caseId } = c.req.valid('json');
        if (!(await findIntake(deps.db, id))) throw new HttpError(404, 'not-found', `no intake ${id} here`);
        if (!(await findCase(deps.db, caseId))) throw new HttpError(404, 'not-found', `no case ${caseId} here`);
        await linkCase(deps.db, id, caseId, new Date().toISOString());
        deps.log.info({ intakeId: id, caseId, user: c.get('user').sub, requestId: c.get('requestId') }, 'case linked to intake');
        return c.json({ case: caseId }, 201);
      },
    )
    .get(
      '/:id',
      describeRoute({
        tags: ['intakes'],
        summary: 'An intake with every case opened from it and their states (recorded in the access log)',
        security: [{ bearer: [] }],
        responses: { 200: { description: 'The intake', content: json(IntakeView) }, 404: { description: 'No such intake', content: json(ErrorResponse) } },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => {
        const { id } = c.req.valid('param');
        const detail = await intakeDetail(deps, id);
        if (!detail) throw new HttpError(404, 'not-found', `no intake ${id} here`);
        await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: id, what: 'intake' }]);
        return c.json({ ...detail, cases: detail.cases.map(caseListItem) });
      },
    );
}
