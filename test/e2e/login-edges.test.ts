import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureInboxConsumer, ensureStream } from '@mou-hub/bus';
import { prepareFederation, spawnAgencyNode, writeAgencyConfig, type NodeProcess, type PreparedAgency } from '@mou-hub/infra';
import { signDirectory } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  node = await spawnAgencyNode(th.configPath, { timeoutMs: 60_000 });
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
