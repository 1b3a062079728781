import { Readable } from 'node:stream';
import { Hono } from 'hono';
import * as v from 'valibot';
import { AttachmentError, AttachmentName, MediaType, MessageId } from '@mou-hub/protocol';
import { HttpError, requireSession } from '@mou-hub/service-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { findAttachment } from '../attachment-store.ts';
import { findCase } from '../../cases/case-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import type { PageVariables } from '../../console/context.ts';
import { afterPost } from '../../console/render.tsx';
import { readUploadForm } from './upload-form.ts';

/**
 * `POST /cases/:id/attachments` (a form's file, encrypted to the counterpart as the API does)
 * and `GET /cases/:id/attachments/:name` (the file decrypted, the read access-logged).
 */
export function attachmentPages(deps: AppDeps) {
  const officer = requireSession(deps.tokens, ACCESS.cases);
  const uploader = requireSession(deps.tokens, ACCESS.cases, { streamsMultipart: true });
  const service = () => {
    if (!deps.attachments) throw new HttpError(503, 'attachments-unavailable', 'this node does not handle attachments');
    return deps.attachments;
  };
  return new Hono<{ Variables: PageVariables }>()
    // Streamed (issue 17): the form's file is encrypted to disk as it arrives, never held whole,
    // and cut off past the attachment limit; its CSRF field is checked before the file is read.
    .post('/:id/attachments', uploader, async (c) => {
      const id = c.req.param('id');
      const row = v.is(MessageId, id) ? await findCase(deps.db, id) : undefined;
      if (!row) throw new HttpError(404, 'not-found', `no case ${id} here`);
      const attachments = service();
      try {
        const ref = await readUploadForm(c, {
          csrf: c.get('csrf'),
          maxBytes: attachments.maxBytes,
          store: (file) => {
            if (!v.is(MediaType, file.mediaType)) throw new HttpError(400, 'invalid-request', 'the file has no usable media type');
            return attachments.store(id, row.counterpart, file.mediaType, file.stream);
          },
        });
        deps.log.info({ thid: id, attachment: ref.name, size: ref.size, user: c.get('user').sub }, 'attachment stored');
      } catch (err) {
        if (err instanceof AttachmentError && err.code === 'attachment-too-large') throw new HttpError(413, 'too-large', `attachments are limited to ${attachments.maxBytes} bytes`);
        throw err;
      }
      return afterPost(c, `/cases/${id}#attachments`);
    })
    .get('/:id/attachments/:name', officer, async (c) => {
      const id = c.req.param('id');
      const name = c.req.param('name');
      if (!v.is(MessageId, id) || !v.is(AttachmentName, name)) throw new HttpError(404, 'not-found', 'no such attachment');
      const row = (await findAttachment(deps.db, 'out', name)) ?? (await findAttachment(deps.db, 'in', name));
      if (!row || row.thid !== id) throw new HttpError(404, 'not-found', `no attachment ${name} on case ${id}`);
      if (row.direction === 'in' && row.state !== 'verified') throw new HttpError(409, 'conflict', `attachment ${name} is ${row.state}`);
      const user = c.get('user').sub;
      await recordAccess(deps.db, [{ at: new Date().toISOString(), user, case: id, what: `attachment:${name}` }]);
      const body = Readable.toWeb(service().open(row)) as unknown as ReadableStream;
      return c.body(body, 200, { 'content-type': row.media_type, 'content-length': String(row.size), 'cache-control': 'no-store', 'content-disposition': 'attachment' });
    });
}
