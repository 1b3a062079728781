import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import * as v from 'valibot';
import { AttachmentError, AttachmentName, MediaType, MessageId } from '@mou-hub/protocol';
import { HttpError, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { listCaseAttachments } from '../list.ts';
import { recordAccess } from '../../access-log/access-store.ts';
import { findAttachment } from '../attachment-store.ts';
import { findCase } from '../../cases/case-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { ErrorResponse } from '../../messages/http/schemas.ts';
import { validate } from '../../http/validate.ts';

const json = (schema: Parameters<typeof resolver>[0]) => ({ 'application/json': { schema: resolver(schema) } });
const AttachmentView = v.object({ name: AttachmentName, digest: v.string(), size: v.number(), mediaType: v.string() });
const CaseAttachmentList = v.object({
  items: v.array(v.object({ name: v.string(), mediaType: v.string(), size: v.number(), digest: v.string(), state: v.string(), direction: v.picklist(['in', 'out']), problem: v.optional(v.string()) })),
});

/**
 * `POST /api/v1/cases/:id/attachments` (the file as the raw body, its media type as
 * `content-type`; streamed, encrypted to the counterpart and to this agency, limited to the
 * node's attachment size, not the API's body limit), `GET /api/v1/cases/:id/attachments` and
 * `GET /api/v1/cases/:id/attachments/:name` (streamed, decrypted on the way, access logged).
 * Mounted before the API's body limit, which does not apply here.
 */
export function attachmentRoutes(deps: AppDeps) {
  const service = () => {
    if (!deps.attachments) throw new HttpError(503, 'attachments-unavailable', 'this node does not handle attachments');
    return deps.attachments;
  };
  return new Hono<{ Variables: KitVariables }>()
    .use('/:id/attachments', requireAuth(deps.tokens, ACCESS.cases))
    .use('/:id/attachments/*', requireAuth(deps.tokens, ACCESS.cases))
    .post(
      '/:id/attachments',
      describeRoute({
        tags: ['attachments'],
        summary: 'Upload a file to a case: the raw body, its media type as content-type',
        description:
          'Encrypts the file to the counterpart (and to this agency) while it streams in, keeps it encrypted here and puts it into the counterpart\'s stream in the background. Put the answer in a message body (e.g. a handover\'s form); that message is published only once the upload is done.',
        security: [{ bearer: [] }],
        responses: {
          201: { description: 'Stored: the reference for a message body', content: json(AttachmentView) },
          400: { description: 'No or bad media type', content: json(ErrorResponse) },
          404: { description: 'No such case here', content: json(ErrorResponse) },
          413: { description: 'Larger than the attachment limit', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => {
        const { id } = c.req.valid('param');
        const attachments = service();
        const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!v.is(MediaType, mediaType)) throw new HttpError(400, 'invalid-media-type', 'content-type must be a media type such as application/pdf');
        const declared = Number(c.req.header('content-length') ?? '0');
        if (declared > attachments.maxBytes) throw tooLarge(attachments.maxBytes);
        const counterpart = await counterpartOf(deps, id);
        if (!c.req.raw.body) throw new HttpError(400, 'empty-body', 'the file is the request body');
        try {
          const ref = await attachments.store(id, counterpart, mediaType, Readable.fromWeb(c.req.raw.body as WebReadableStream<Uint8Array>));
          deps.log.info({ thid: id, attachment: ref.name, size: ref.size, user: c.get('user').sub, requestId: c.get('requestId') }, 'attachment stored');
          return c.json(ref, 201);
        } catch (err) {
          if (err instanceof AttachmentError && err.code === 'attachment-too-large') throw tooLarge(attachments.maxBytes);
          if (err instanceof Error && err.message === 'no-encryption-key') throw new HttpError(409, 'no-encryption-key', `${counterpart} or this agency has no valid encryption key`, { counterpart });
          throw err;
        }
      },
    )
    .get(
      '/:id/attachments',
      describeRoute({
        tags: ['attachments'],
        summary: "A case's attachments, sent and received, with their state",
        security: [{ bearer: [] }],
        responses: { 200: { description: 'The attachments', content: json(CaseAttachmentList) } },
      }),
      validate('param', v.object({ id: MessageId })),
      async (c) => c.json({ items: await listCaseAttachments(deps.db, c.req.valid('param').id, deps.atRest) }),
    )
    .get(
      '/:id/attachments/:name',
      describeRoute({
        tags: ['attachments'],
        summary: 'Download an attachment, decrypted (streamed); the read is logged',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'The file, with its media type' },
          404: { description: 'No such attachment on this case', content: json(ErrorResponse) },
          409: { description: 'Received but not verified: attachment-missing, attachment-corrupt or fetching', content: json(ErrorResponse) },
        },
      }),
      validate('param', v.object({ id: MessageId, name: AttachmentName })),
      async (c) => {
        const { id, name } = c.req.valid('param');
        const row = (await findAttachment(deps.db, 'out', name)) ?? (await findAttachment(deps.db, 'in', name));
        if (!row || row.thid !== id) throw new HttpError(404, 'not-found', `no attachment ${name} on case ${id}`);
        if (row.direction === 'in' && row.state !== 'verified') throw new HttpError(409, row.state, `attachment ${name} is ${row.state}`, { state: row.state });
        const user = c.get('user').sub;
        await recordAccess(deps.db, [{ at: new Date().toISOString(), user, case: id, what: `attachment:${name}` }]);
        deps.log.info({ thid: id, attachment: name, user, requestId: c.get('requestId') }, 'case data viewed');
        const body = Readable.toWeb(service().open(row)) as unknown as ReadableStream;
        return c.body(body, 200, { 'content-type': row.media_type, 'content-length': String(row.size), 'cache-control': 'no-store' });
      },
    );
}

/** The agency on the other side of case `id` (the case records it, as the console's upload reads it). */
async function counterpartOf(deps: AppDeps, id: string): Promise<string> {
  const row = await findCase(deps.db, id);
  if (!row) throw new HttpError(404, 'not-found', `no case ${id} here`);
  return row.counterpart;
}

function tooLarge(max: number): HttpError {
  return new HttpError(413, 'too-large', `attachments are limited to ${max} bytes`, { maxBytes: max });
}
