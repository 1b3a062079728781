import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { shedLoad } from './shed-load.ts';

let server: ServerType | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** The loop held `ms` at once (a busy node's long turn). */
const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // held
  }
};

describe('a refusal on a real node server', () => {
  it('keeps a kept-alive connection usable when the body arrives after the headers and the loop then runs a long turn', async () => {
    const app = new Hono<{ Bindings: { outgoing: NodeJS.WritableStream } }>();
    // After each answer, a turn of 700 ms: past @hono/node-server's 500 ms wait for an unread body.
    app.use('*', async (c, next) => {
      c.env.outgoing.once('finish', () => setImmediate(() => busy(700)));
      await next();
    });
    app.use('/api/*', shedLoad(() => ({ code: 'writes-saturated', params: { measured: 5, limit: 4 }, retryAfterSeconds: 1 })));
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (b: Buffer) => (received += b.toString()));
    let closed = false;
    socket.on('close', () => (closed = true));
    const body = JSON.stringify({ text: 'x'.repeat(400) });
    const head = (n: number) => `POST /api/v1/messages HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: ${n}\r\nConnection: keep-alive\r\n\r\n`;
    // The headers and half the body, the rest 50 ms later (a client's separate writes).
    socket.write(head(body.length) + body.slice(0, 200));
    await new Promise((r) => setTimeout(r, 50));
    socket.write(body.slice(200));
    await waitFor(() => received.includes('"overloaded"'));
    expect(received).toMatch(/^HTTP\/1\.1 503/);
    expect(received.toLowerCase()).toContain('retry-after: 1');
    // The next request on the same connection is answered too: the socket was not closed under it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(closed).toBe(false);
    received = '';
    socket.write(head(2) + '{}');
    await waitFor(() => received.includes('"overloaded"') || closed);
    expect(closed).toBe(false);
    expect(received).toMatch(/^HTTP\/1\.1 503/);
    socket.destroy();
  }, 15_000);
});

async function waitFor(ok: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
