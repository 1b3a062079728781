import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { ACCESS } from '../../http/access.ts';
import { MessageId } from '@mou-hub/protocol';
import { recordAccess } from '../../access-log/access-store.ts';
import { actOnTranslation, requestTranslation } from '../translation-service.ts';
import { translationDetail } from '../translation-detail.ts';
import { listTranslationJobs, type TranslationJobRow } from '../translation-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorResponse } from '../../messages/http/schemas.ts';
import { validate } from '../../http/validate.ts';
import {
  ACTION_NEEDS,
  TranslationActionBody,
  TranslationActionParams,
  TranslationDetail,
  TranslationItem,
  TranslationPage,
  TranslationQuery,
  TranslationRequest,
} from './translation-schemas.ts';

const json = (schema: Parameters<typeof resolver>[0]) => ({ 'application/json': { schema: resolver(schema) } });

/** Who sees the queue (ids and languages only); translators and supervisors open jobs. */

/** How each refusal of the translation workflow answers over HTTP. */
const REFUSAL_STATUS = { 'not-found': 404, 'missing-role': 403, 'own-translation': 403, 'invalid-state': 409, 'not-claimant': 409 } as const;

/** A job as the queue lists it. */
function itemOf(j: TranslationJobRow): v.InferOutput<typeof TranslationItem> {
  return {
    id: j.id,
    case: j.thid,
    document: j.document_kind === 'message' ? { kind: 'message', id: j.document_id } : { kind: 'attachment', id: j.document_id },
    sourceLang: j.source_lang,
    targetLang: j.target_lang,
    status: j.status,
    updatedAt: j.updated_at,
    due: j.due,
  };
}

/**
 * `/api/v1/translations`: the translator's queue, one job in full, a supervisor's request for a
 * job, and the actions `claim`, `submit`, `approve`, `return`, `machine-draft`, `not-needed`.
 */
export function translationRoutes(deps: AppDeps) {
  return new Hono<{ Variables: KitVariables }>()
    .get(
      '/',
      requireAuth(deps.tokens, ACCESS.translationQueue),
      describeRoute({
        tags: ['translations'],
        summary: "This node's translation jobs, oldest first",
        security: [{ bearer: [] }],
        responses: { 200: { description: 'A page of jobs', content: json(TranslationPage) } },
      }),
      validate('query', TranslationQuery),
      async (c) => {
        const q = c.req.valid('query');
        const page = await listTranslationJobs(deps.db, { ...q, heldBy: deps.agency });
        return c.json({ items: page.items.map(itemOf), total: page.total, limit: q.limit, offset: q.offset });
      },
    )
    .post(
      '/',
      requireAuth(deps.tokens, ACCESS.requestTranslation),
      describeRoute({
        tags: ['translations'],
        summary: 'Ask for a translation that the language policy did not create',
        security: [{ bearer: [] }],
        responses: {
          201: { description: 'The job, `needed`; its status is sent to the other side', content: json(TranslationItem) },
          400: { description: 'No source language, or the same as the target', content: json(ErrorResponse) },
          404: { description: 'No such received message or case', content: json(ErrorResponse) },
          409: { description: 'A job for this document and language exists (`conflict`, its id in details)', content: json(ErrorResponse) },
        },
      }),
      validate('json', TranslationRequest),
      async (c) => {
        const r = await requestTranslation(deps, c.req.valid('json'), c.get('user').sub);
        if (!r.ok) throw new HttpError(r.code === 'not-found' ? 404 : r.code === 'conflict' ? 409 : 400, r.code, `translation request refused: ${r.code}`, { params: r.params });
        deps.wakeRelay();
        return c.json(itemOf(r.job), 201);
      },
    )
    .get(
      '/:id',
      requireAuth(deps.tokens, ACCESS.translationWork),
      describeRoute({
        tags: ['translations'],
        summary: 'One job: each status, every version of the translation, and the original beside it',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'The job', content: json(TranslationDetail) },
          404: { description: 'No such job here', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => {
        const { id } = c.req.valid('param');
        const found = await translationDetail(deps, id);
        if (!found) throw new HttpError(404, 'not-found', `no translation job ${id}`);
        const { job, original } = found;
        const detail = {
          ...itemOf(job),
          origin: job.origin,
          translator: job.translator,
          reviewer: job.reviewer,
          history: found.history,
          versions: found.versions.map(({ id: _, ...rest }) => rest),
          ...(original ? { original } : {}),
        };
        await recordAccess(deps.db, [{ at: new Date().toISOString(), user: c.get('user').sub, case: job.thid, what: `translation:${id}` }]);
        return c.json(detail);
      },
    )
    .post(
      '/:id/:action',
      requireAuth(deps.tokens, ACCESS.translationWork),
      describeRoute({
        tags: ['translations'],
        summary: 'Act on a job: claim, submit {text} or {attachment}, approve, return {note}, machine-draft {text}, not-needed {reason}',
        description:
          'Translators claim, submit, and review each other (nobody reviews their own translation); a supervisor marks a job not needed. Each change is sent to the other side of the case as a translation.status message.',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'The job after the action', content: json(TranslationItem) },
          400: { description: 'The action needs a field it did not get', content: json(ErrorResponse) },
          403: { description: '`forbidden` (the role is missing) or `own-translation`', content: json(ErrorResponse) },
          404: { description: 'No such job here', content: json(ErrorResponse) },
          409: { description: '`invalid-state` (the action does not fit the status) or `not-claimant`', content: json(ErrorResponse) },
        },
      }),
      validate('param', TranslationActionParams),
      validate('json', TranslationActionBody),
      async (c) => {
        const { id, action } = c.req.valid('param');
        const body = c.req.valid('json');
        const needs = ACTION_NEEDS[action];
        if (needs && body[needs] === undefined && !(needs === 'text' && body.attachment !== undefined)) {
          throw new HttpError(400, 'invalid-request', `${action} needs ${needs}`, { issues: [{ path: needs, kind: 'required' }] });
        }
        const user = c.get('user');
        const r = await actOnTranslation(deps, id, action, { username: user.sub, roles: user.roles }, body);
        if (!r.ok) {
          const { code, params } = r.refusal;
          throw new HttpError(REFUSAL_STATUS[code], code === 'missing-role' ? 'forbidden' : code, `${action} refused: ${code}`, { params });
        }
        deps.wakeRelay();
        deps.log.info({ translationJob: id, action, status: r.job.status, user: user.sub, requestId: c.get('requestId') }, 'translation changed');
        return c.json(itemOf(r.job));
      },
    );
}
