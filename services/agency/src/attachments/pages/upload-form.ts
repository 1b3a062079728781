import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import type { Context } from 'hono';
import { AttachmentError } from '@mou-hub/protocol';
import { checkSessionCsrf, CSRF_FIELD, HttpError } from '@mou-hub/service-kit';

/** What the upload form's file arrives as: its declared media type and its bytes, streamed. */
export interface UploadedFile {
  mediaType: string;
  stream: Readable;
}

/**
 * Reads the console's upload form (`multipart/form-data`: the `_csrf` field, then one `file`)
 * as a stream, never whole: the CSRF field is checked before any byte of the file is read,
 * and the file goes straight to `store` (which encrypts it to disk as it comes), cut off past
 * `maxBytes` (413 `too-large`). Answers what `store` answers.
 * @example const ref = await readUploadForm(c, { maxBytes, store: (f) => attachments.store(id, to, f.mediaType, f.stream) });
 */
export async function readUploadForm<T>(c: Context, opts: { csrf: string; maxBytes: number; store: (file: UploadedFile) => Promise<T> }): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('multipart/form-data') || !c.req.raw.body) throw new HttpError(400, 'invalid-request', 'send the form as multipart/form-data');
  let parser: ReturnType<typeof Busboy>;
  try {
    // One more byte than allowed reaches the encryptor, which refuses it: a truncated file is never stored as whole.
    parser = Busboy({ headers: { 'content-type': type }, limits: { files: 1, fields: 4, parts: 6, fieldSize: 1024, fileSize: opts.maxBytes + 1 } });
  } catch {
    throw new HttpError(400, 'invalid-request', 'the form is not readable multipart');
  }
  const body = Readable.fromWeb(c.req.raw.body as unknown as WebReadableStream<Uint8Array>);
  const fields: Record<string, string> = {};
  return new Promise<T>((resolve, reject) => {
    let stored: Promise<T> | undefined;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      // Stop reading: the rest of the body is never parsed nor held.
      body.unpipe(parser);
      body.destroy();
      reject(err);
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, file, filename, _encoding, mimeType) => {
      try {
        // A form from another site, or a token after the file, never gets the file read.
        checkSessionCsrf(opts.csrf, fields[CSRF_FIELD]);
        if (name !== 'file' || !filename) throw new HttpError(400, 'invalid-request', 'choose a file');
      } catch (err) {
        file.resume();
        return fail(err);
      }
      const mediaType = (mimeType || 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
      file.on('limit', () => file.destroy(new AttachmentError('attachment-too-large', { maxBytes: opts.maxBytes })));
      // Nothing is stored (nor sent on) for an empty file: `store` gets the stream once a first byte came.
      stored = firstBytes(file).then((stream) => {
        if (!stream) throw new HttpError(400, 'invalid-request', 'choose a file');
        return opts.store({ mediaType, stream });
      });
      stored.catch(fail);
    });
    parser.on('error', (err: unknown) => fail(new HttpError(400, 'invalid-request', `the form is not readable multipart (${err instanceof Error ? err.name : 'error'})`)));
    parser.on('finish', () => {
      if (!stored) return fail(new HttpError(400, 'invalid-request', 'choose a file'));
      stored.then((v) => {
        if (!settled) {
          settled = true;
          resolve(v);
        }
      }, fail);
    });
    body.on('error', fail);
    body.pipe(parser);
  });
}

/** The file's stream once its first chunk has come (that chunk put back in front), or `undefined` for an empty file. */
function firstBytes(file: Readable): Promise<Readable | undefined> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      file.off('end', onEnd);
      file.off('error', reject);
      file.pause();
      const out = new PassThrough();
      out.write(chunk);
      file.on('error', (err) => out.destroy(err));
      file.pipe(out);
      resolve(out);
    };
    const onEnd = () => {
      file.off('data', onData);
      resolve(undefined);
    };
    file.once('data', onData);
    file.once('end', onEnd);
    file.once('error', reject);
  });
}
