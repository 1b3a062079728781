import { createHash } from 'node:crypto';
import { connect, type AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonErrors } from '@mou-hub/service-kit';
import { readUploadForm } from './upload-form.ts';

// The console's upload form read as a stream over a real socket (issue 17: it was buffered whole,
// 300 MB of upload took a node from 94 MB to 1.19 GB).
const MAX = 20 * 1024 * 1024;
const CSRF = 'the-session-csrf-token';
let server: ServerType;
let port: number;
let storeCalls = 0;

beforeAll(async () => {
  const app = new Hono();
  jsonErrors(app);
  app.post('/upload', async (c) => {
    const r = await readUploadForm(c, {
      csrf: CSRF,
      maxBytes: MAX,
      store: async (f) => {
        storeCalls++;
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of f.stream) {
          size += (chunk as Buffer).length;
          hash.update(chunk as Buffer);
        }
        return { size, digest: hash.digest('hex'), mediaType: f.mediaType };
      },
    }).catch((err: unknown) => {
      if (err instanceof Error && err.name === 'AttachmentError') return c.json({ error: { code: 'too-large' } }, 413);
      throw err;
    });
    return r instanceof Response ? r : c.json(r);
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BOUNDARY = '----mou-upload-test';
const field = (name: string, value: string) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="scan.pdf"\r\ncontent-type: application/pdf\r\n\r\n`;
const tail = `\r\n--${BOUNDARY}--\r\n`;

/** Streams a multipart form of `fileBytes` bytes (chunked) over a raw socket; answers the status and body, and how much was sent. */
function upload(opts: { before: string; fileBytes: number; after?: string }): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(1024 * 1024, 0x25);
    const frame = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status) resolve({ status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4), sent });
      else reject(new Error(`no answer after ${sent} bytes`));
    };
    socket.on('data', (b: Buffer) => {
      answer += b.toString('latin1');
      if (/\r\n\r\n[\s\S]*\}/.test(answer) || /\r\n0\r\n\r\n$/.test(answer)) finish();
    });
    socket.on('error', () => setTimeout(finish, 200));
    socket.on('close', () => setTimeout(finish, 200));
    socket.write(`POST /upload HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=${BOUNDARY}\r\ntransfer-encoding: chunked\r\n\r\n`);
    socket.write(frame(Buffer.from(opts.before + fileHead)));
    let left = opts.fileBytes;
    const pump = () => {
      while (left > 0 && !done && !socket.destroyed) {
        const b = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= b.length;
        sent += b.length;
        if (!socket.write(frame(b))) return void socket.once('drain', pump);
      }
      if (left === 0 && !done && !socket.destroyed) socket.write(Buffer.concat([frame(Buffer.from(tail + (opts.after ?? ''))), Buffer.from('0\r\n\r\n')]));
    };
    pump();
  });
}

describe('readUploadForm', () => {
  it('streams a 15 MB file whole to the store, with its CSRF field first', async () => {
    const r = await upload({ before: field('_csrf', CSRF), fileBytes: 15 * 1024 * 1024 });
    expect(r.status).toBe(200);
    const expected = createHash('sha256').update(Buffer.alloc(15 * 1024 * 1024, 0x25)).digest('hex');
    expect(JSON.parse(r.body)).toEqual({ size: 15 * 1024 * 1024, digest: expected, mediaType: 'application/pdf' });
  });

  it('cuts a 300 MB upload off past the limit with 413, holding none of it: memory grows far less than the file', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const r = await upload({ before: field('_csrf', CSRF), fileBytes: 300 * 1024 * 1024 });
    const grown = process.memoryUsage().rss - before;
    console.info(`300 MB console upload: 413 after ${r.sent} bytes sent; test process RSS grew ${grown} bytes`);
    expect(r.status).toBe(413);
    // Cut off at 20 MiB; what was sent past it is what the socket took before the answer (and the drain).
    expect(r.sent).toBeLessThan(120 * 1024 * 1024);
    expect(grown).toBeLessThan(60 * 1024 * 1024);
  });

  it('stores nothing for an empty file', async () => {
    const calls = storeCalls;
    const r = await upload({ before: field('_csrf', CSRF), fileBytes: 0 });
    expect(r.status).toBe(400);
    expect(storeCalls).toBe(calls);
  });

  it('reads no byte of the file when the CSRF field is missing, wrong, or comes after the file', async () => {
    const calls = storeCalls;
    expect((await upload({ before: '', fileBytes: 1024 })).status).toBe(403);
    expect((await upload({ before: field('_csrf', 'forged'), fileBytes: 1024 })).status).toBe(403);
    expect((await upload({ before: '', fileBytes: 1024, after: field('_csrf', CSRF) })).status).toBe(403);
    expect(storeCalls).toBe(calls);
  });
});
