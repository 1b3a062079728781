import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureInboxConsumer, ensureStream } from '@mou-hub/bus';
import { prepareFederation, writeAgencyConfig, type NodeProcess, type PreparedAgency } from '@mou-hub/infra';
import { spawnTestNode } from '../support/node-process.ts';
import { signDirectory } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api.ts';
import { body } from '../support/cases.ts';

// Issue 17, findings 5 and 6, on a real node process behind a (simulated) TLS proxy at 127.0.0.1:
// an unauthenticated 400 MB login body, a proxied address guessing passwords, concurrent guesses.
let nats: NatsServer;
let node: NodeProcess;
let th: PreparedAgency;
const dir = mkdtempSync(join(tmpdir(), 'mou-login-edges-'));

beforeAll(async () => {
  const prepared = await prepareFederation(dir, {
    http: { host: '127.0.0.1', basePort: 0 },
    agencies: [
      { id: 'th-msdhs', officer: 'th.officer', roles: ['liaison-officer'] },
      { id: 'la-mlsw', officer: 'la.officer', roles: ['liaison-officer'] },
    ],
  });
  nats = await startNats();
  const admin = await connectBus({ servers: nats.url, name: 'login-edges-admin' });
  await ensureStream(admin);
  await ensureInboxConsumer(admin, 'th-msdhs');
  await (await directoryKv(admin, { create: true })).put(DIRECTORY_KEY, await signDirectory(prepared.seed, prepared.rootKey));
  await admin.close();
  th = prepared.agencies.find((a) => a.id === 'th-msdhs')!;
  await writeAgencyConfig(prepared, th, nats.url, { anonymous: true });
  // The node sits behind a TLS proxy on the same machine, as operations.md asks.
  const config = JSON.parse(readFileSync(th.configPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(th.configPath, JSON.stringify({ ...config, trustedProxies: ['127.0.0.1', '::1'] }), { mode: 0o600 });
  node = await spawnTestNode(th.configPath, { timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await node?.kill('SIGTERM');
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The node process's resident memory and its peak so far, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * POSTs `total` bytes to `path` over a raw socket in 1 MiB chunks, either chunked (no length
 * given, so the node cannot refuse from a header) or with `Content-Length`, and stops when the
 * node answers or closes. A raw socket, because an HTTP client that fails to write into the
 * closed connection may drop the answer it had already received.
 */
function streamBody(url: string, path: string, total: number, opts: { declared: boolean }): Promise<{ status: number; sent: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const framed = opts.declared ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let sent = 0;
    let answer = '';
    let done = false;
    let why = '';
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status) resolve({ status, sent });
      else reject(new Error(`no answer after ${sent} bytes (${why || 'closed'})`));
    };
    socket.on('data', (b: Buffer) => {
      answer += b.toString('latin1');
      if (/\r\n\r\n/.test(answer)) finish();
    });
    socket.on('error', (e) => {
      why = e.message;
      setTimeout(finish, 200);
    });
    socket.on('close', () => setTimeout(finish, 200));
    const head = opts.declared ? `content-length: ${total}` : 'transfer-encoding: chunked';
    socket.write(`POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/x-www-form-urlencoded\r\n${head}\r\n\r\n`);
    const pump = () => {
      while (sent < total && !done && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}

const login = async (username: string, password: string, from: string) => {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
};

describe('a node process against login floods', () => {
  it('a 400 MB POST /login is refused with 413 while the node grows less than 20 MB', async () => {
    const before = memoryOf(node.pid);
    const streamed = await streamBody(node.url, '/login', 400 * 1024 * 1024, { declared: false });
    expect(streamed.status).toBe(413);
    // The node stopped reading long before 400 MB (the client sends into a closed connection at most a socket buffer or two).
    expect(streamed.sent).toBeLessThan(64 * 1024 * 1024);
    const declared = await streamBody(node.url, '/api/v1/auth/login', 400 * 1024 * 1024, { declared: true });
    expect(declared.status).toBe(413);
    expect(declared.sent).toBeLessThan(64 * 1024 * 1024);
    const after = memoryOf(node.pid);
    console.info(`400 MB login bodies: chunked stopped after ${streamed.sent} bytes, declared after ${declared.sent}; node RSS ${before.rss} -> ${after.rss}, peak ${before.peak} -> ${after.peak}`);
    expect(after.peak - before.peak).toBeLessThan(20 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(20 * 1024 * 1024);
    // The node still answers.
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
  });

  it('20 failures from one proxied address do not lock another officer out (X-Forwarded-For from the trusted proxy)', async () => {
    for (let i = 0; i < 20; i++) expect(await login(`nobody-${i}`, 'guess', '203.0.113.66')).toBe(401);
    expect(await login(th.supervisor.username, th.supervisor.password, '203.0.113.66')).toBe(429);
    expect(await login(th.supervisor.username, th.supervisor.password, '203.0.113.9')).toBe(200);
  });

  it('34 concurrent guesses at one officer: at most 5 passwords are checked, the rest get 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 34 }, (_, i) => login(th.officer.username, `guess-${i}`, `198.51.100.${i + 1}`)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(29);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});

describe('the console’s upload form on a node process', () => {
  it('stores a file posted with the page’s CSRF token, lists it on the case, and refuses one without the token', async () => {
    // The supervisor opens a case by the API (the officer was locked out above; la-mlsw's node is
    // not needed: the message waits in the outbox), then uploads on the case page as a browser does.
    const officer = await ApiClient.login(node.url, th.supervisor.username, th.supervisor.password);
    const opened = await officer.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
    expect(opened.status, JSON.stringify(opened.json)).toBe(202);
    const id = opened.json.id as string;
    // The officer's browser: the login form and its CSRF cookie, then the case page and its upload form.
    const jar: string[] = [];
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) jar.push(c.split(';')[0]!);
      return res;
    };
    const cookie = () => jar.join('; ');
    const form = keep(await fetch(`${node.url}/login`, { headers: { 'x-forwarded-for': '192.0.2.200' } }));
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const loggedIn = keep(
      await fetch(`${node.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.200' },
        body: new URLSearchParams({ username: th.supervisor.username, password: th.supervisor.password, _csrf: loginCsrf }).toString(),
      }),
    );
    expect(loggedIn.status).toBe(303);
    const casePage = await (await fetch(`${node.url}/cases/${id}`, { headers: { cookie: cookie() } })).text();
    const csrf = new RegExp(`action="/cases/${id}/attachments"[\\s\\S]*?name="_csrf" value="([^"]+)"`).exec(casePage)![1]!;
    const content = Buffer.from('%PDF-1.4 interview record (made up)\n');
    const post = (withToken: boolean) => {
      const data = new FormData();
      if (withToken) data.append('_csrf', csrf);
      data.append('file', new Blob([content], { type: 'application/pdf' }), 'interview.pdf');
      return fetch(`${node.url}/cases/${id}/attachments`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie() }, body: data });
    };
    expect((await post(false)).status).toBe(403);
    expect((await post(true)).status).toBe(303);
    const listed = await officer.request('GET', `/api/v1/cases/${id}/attachments`);
    expect(listed.json.items ?? listed.json).toEqual([expect.objectContaining({ size: content.length, mediaType: 'application/pdf', direction: 'out' })]);
  });
});
