import { connectBus, DIRECTORY_KEY, directoryKv, type Bus } from '@mou-hub/bus';
import { followDirectory } from '@mou-hub/directory-client';
import {
  certifySigningKey,
  generateAgencyKeys,
  generateRootKey,
  publicJwk,
  signDirectory,
  verifyDirectory,
  type AgencyKey,
  type DirectorySnapshot,
  type PrivateJwk,
} from '@mou-hub/protocol';
import { createTokenIssuer } from '@mou-hub/service-kit';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDirectoryService, type DirectoryService } from './service.ts';
import { laThAgreement, signingFor } from './test-fixtures.ts';

const tokenSecret = 's'.repeat(32);
const password = 'correct horse battery';
let nats: NatsServer;
let bus: Bus;
let root: PrivateJwk;
let signing: Awaited<ReturnType<typeof signingFor>>;
let seed: DirectorySnapshot;
let directory: DirectoryService;
let token: string;

const keyOf = (jwk: PrivateJwk, use: 'sig' | 'enc', notBefore = '2026-01-01T00:00:00.000Z'): AgencyKey => ({
  kid: jwk.kid,
  use,
  jwk: publicJwk(jwk),
  notBefore,
});

async function agencyWithKeys(id: string, label = '2026a') {
  const { sig, enc } = await generateAgencyKeys(id, label);
  return { id, country: id.slice(0, 2).toUpperCase(), names: { en: id }, roles: ['focal-point'], keys: [keyOf(sig, 'sig'), keyOf(enc, 'enc')] };
}

function start(extra: Record<string, unknown> = {}): Promise<DirectoryService> {
  return startDirectoryService({
    nats: { servers: nats.url },
    database: ':memory:',
    ...signing,
    tokenSecret,
    admins: [{ username: 'secretariat-admin', password }],
    seed,
    ...extra,
  });
}

// Response bodies are checked field by field below, so `any` keeps the assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, body?: unknown, auth = token): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${directory.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: res.status === 304 ? undefined : await res.json() };
}

beforeAll(async () => {
  nats = await startNats();
  bus = await connectBus({ servers: nats.url });
  root = await generateRootKey('test');
  signing = await signingFor(root);
  seed = {
    version: 1,
    issued: '2026-01-01T00:00:00.000Z',
    rootKeys: [publicJwk(root)],
    agencies: [await agencyWithKeys('la-mlsw'), await agencyWithKeys('th-msdhs')],
    agreements: [laThAgreement()],
  };
  directory = await start();
  const login = await call('POST', '/api/v1/auth/login', { username: 'secretariat-admin', password }, '');
  expect(login.status).toBe(200);
  token = login.json.token;
});

afterAll(async () => {
  await directory?.close();
  await bus?.close();
  await nats?.stop();
});

describe('directory service', () => {
  it('serves the seed as version 1, cacheable by its hash', async () => {
    const first = await call('GET', '/directory');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ version: 1, hash: expect.stringMatching(/^sha256:/), snapshot: { version: 1 } });
    expect(first.headers.get('etag')).toBe(`"${first.json.hash}"`);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const again = await fetch(`${directory.url}/directory`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await call('GET', '/healthz')).json).toEqual({ status: 'up', service: 'directory' });
    expect((await call('GET', '/readyz')).json).toMatchObject({ status: 'ready', checks: { store: { ok: true, detail: 'version 1' }, nats: { ok: true } } });
    const figures = await (await fetch(`${directory.url}/metrics`)).text();
    expect(figures).toMatch(/^mou_directory_version\{service="directory"\} 1$/m);
    expect(figures).toMatch(/^mou_directory_issued_age_seconds\{service="directory"\} \d/m);
    expect(figures).toMatch(/^mou_http_request_seconds_count\{service="directory",method="GET",route="\/directory",status="200"\} 1$/m);
    expect(figures).toMatch(/^process_resident_memory_bytes\{service="directory"\} \d/m);
  });

  it('refuses bad logins, missing tokens and tokens of anyone not an administrator here', async () => {
    expect((await call('POST', '/api/v1/auth/login', { username: 'secretariat-admin', password: 'nope' }, '')).status).toBe(401);
    expect((await call('POST', '/api/v1/agencies', await agencyWithKeys('vn-mps'), '')).json.error.code).toBe('unauthorized');
    const officer = await createTokenIssuer({ secret: new TextEncoder().encode(tokenSecret), issuer: 'mou-directory', ttlSeconds: 60 })
      .issue({ sub: 'o', roles: ['liaison-officer'], agency: 'la-mlsw' });
    // Signed with the right secret but for no administrator's token version: refused as unauthorized.
    expect((await call('POST', '/api/v1/agencies', await agencyWithKeys('vn-mps'), officer)).status).toBe(401);
  });

  it('makes a new signed version for each change, listed in the history, seen by followers', async () => {
    const follower = await followDirectory(bus, { rootKeys: [publicJwk(root)] });
    const before = follower.status().version;
    const added = await call('POST', '/api/v1/agencies', await agencyWithKeys('vn-mps'));
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ version: before + 1, summary: 'add agency vn-mps' });

    const { sig } = await generateAgencyKeys('th-msdhs', '2026b');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call('POST', '/api/v1/agencies/th-msdhs/keys', keyOf(sig, 'sig', future))).status).toBe(201);
    const revoked = await call('POST', `/api/v1/agencies/th-msdhs/keys/${encodeURIComponent('th-msdhs#sig-2026a')}/revoke`, { at: future });
    expect(revoked.status).toBe(201);
    const edited = await call('PUT', '/api/v1/agreements/la-th', { languages: ['lo', 'th'] });
    expect(edited.status).toBe(200);

    const current = (await call('GET', '/directory')).json;
    expect(current.version).toBe(before + 4);
    const th = current.snapshot.agencies.find((a: { id: string }) => a.id === 'th-msdhs');
    expect(th.keys.map((k: AgencyKey) => [k.kid, k.revokedAt])).toEqual([
      ['th-msdhs#sig-2026a', future],
      ['th-msdhs#enc-2026a', undefined],
      ['th-msdhs#sig-2026b', undefined],
    ]);
    const history = (await call('GET', '/directory/versions')).json.versions;
    expect(history[0]).toMatchObject({ version: before + 4, summary: 'edit agreement la-th', changedBy: 'secretariat-admin' });
    expect(history.at(-1)).toMatchObject({ version: 1, changedBy: 'seed' });
    expect((await call('GET', '/directory/versions/1')).json.snapshot.version).toBe(1);

    await expect.poll(() => follower.status().version, { timeout: 5_000 }).toBe(before + 4);
    expect(follower.current().keyAt('th-msdhs#sig-2026a', new Date(Date.parse(future) + 1)).ok).toBe(false);
    await follower.stop();
  });

  it.each([
    ['an unknown agency', 'POST', '/api/v1/agencies/cn-mps/keys', async () => keyOf((await generateAgencyKeys('cn-mps', 'x')).sig, 'sig'), 404],
    ['a kid of another agency', 'POST', '/api/v1/agencies/la-mlsw/keys', async () => keyOf((await generateAgencyKeys('th-msdhs', 'x')).sig, 'sig'), 400],
    ['a revoke of an unknown key', 'POST', `/api/v1/agencies/la-mlsw/keys/${encodeURIComponent('la-mlsw#sig-none')}/revoke`, async () => ({}), 404],
    ['a party that is no agency', 'PUT', '/api/v1/agreements/la-th', async () => ({ parties: ['la-mlsw', 'xx-nobody'] }), 400],
    ['a malformed body', 'POST', '/api/v1/agencies', async () => ({ id: 'Not An Id' }), 400],
    ['an existing agency', 'POST', '/api/v1/agencies', () => agencyWithKeys('la-mlsw', 'again'), 409],
    ['a time zone the clocks do not know', 'POST', '/api/v1/agencies', async () => ({ ...(await agencyWithKeys('la-emb-hanoi')), timezone: 'Europe/Paris' }), 400],
    ['a calendar that is no country code', 'POST', '/api/v1/agencies', async () => ({ ...(await agencyWithKeys('la-emb-hanoi')), calendar: 'vietnam' }), 400],
  ])('refuses %s', async (_what, method, path, body, status) => {
    const before = (await call('GET', '/directory')).json.version;
    const res = await call(method, path, await body());
    expect(res.status).toBe(status);
    expect(res.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect((await call('GET', '/directory')).json.version).toBe(before);
  });

  it('gives an agency abroad where it works: a Lao embassy on Hanoi time and Vietnamese business days (issue 16)', async () => {
    const added = await call('POST', '/api/v1/agencies', { ...(await agencyWithKeys('la-emb-hanoi')), timezone: 'Asia/Ho_Chi_Minh', calendar: 'VN' });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    const published = (await call('GET', '/directory')).json.snapshot.agencies.find((a: { id: string }) => a.id === 'la-emb-hanoi');
    expect(published).toMatchObject({ country: 'LA', timezone: 'Asia/Ho_Chi_Minh', calendar: 'VN' });
  });

  it('refuses a request body over the limit with 413 before reading it', async () => {
    const huge = { username: 'secretariat-admin', password: 'x'.repeat(300_000) };
    const login = await call('POST', '/api/v1/auth/login', huge, '');
    expect(login.status).toBe(413);
    expect(login.json.error.code).toBe('too-large');
    const change = await call('POST', '/api/v1/agencies', { id: 'xx-big', notes: 'x'.repeat(300_000) });
    expect(change.status).toBe(413);
  });

  describe('admin logins (issue 17: limited, revocable, behind a trusted proxy)', () => {
    let guarded: DirectoryService;
    const admins = ['secretariat-admin', 'second-admin', 'third-admin'].map((username) => ({ username, password }));
    const login = async (username: string, pw: string, from: string) => {
      const res = await fetch(`${guarded.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ username, password: pw }),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { token?: string } };
    };
    beforeAll(async () => {
      guarded = await start({ admins, trustedProxies: ['127.0.0.1', '::1'] });
    });
    afterAll(() => guarded?.close());

    it('30 bad passwords for one administrator: the first 5 are checked (401), the rest get 429 with Retry-After, even from other addresses', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await login('secretariat-admin', `guess ${i}`, `198.51.100.${i + 1}`)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      const right = await login('secretariat-admin', password, '198.51.100.200');
      expect(right.status).toBe(429);
      expect(Number(right.retryAfter)).toBeGreaterThan(0);
    });

    it('34 concurrent guesses: at most 5 passwords are checked', async () => {
      const all = await Promise.all(Array.from({ length: 34 }, (_, i) => login('second-admin', `guess ${i}`, `192.0.2.${i + 1}`)));
      expect(all.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
      expect(all.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(29);
    });

    it('20 failures from one proxied address do not lock another administrator out, and a logout ends the token', async () => {
      for (let i = 0; i < 20; i++) await login(`nobody-${i}`, 'guess', '203.0.113.66');
      expect((await login('third-admin', password, '203.0.113.66')).status).toBe(429);
      const ok = await login('third-admin', password, '203.0.113.9');
      expect(ok.status).toBe(200);
      const auth = { authorization: `Bearer ${ok.json.token}`, 'content-type': 'application/json' };
      const agency = await agencyWithKeys('vn-logout');
      expect((await fetch(`${guarded.url}/api/v1/auth/logout`, { method: 'POST', headers: auth })).status).toBe(204);
      const after = await fetch(`${guarded.url}/api/v1/agencies`, { method: 'POST', headers: auth, body: JSON.stringify(agency) });
      expect(after.status).toBe(401);
    });
  });

  it('lists field problems of a bad body', async () => {
    const res = await call('POST', '/api/v1/agencies', { id: 'Not An Id', country: 'LA', names: { en: 'x' }, roles: [] });
    expect(res.json.error.code).toBe('invalid-request');
    expect(res.json.error.details.issues).toContainEqual(expect.objectContaining({ path: 'id' }));
  });

  it('never loses a change when admins race: each one is published or answered 409', async () => {
    const before = (await call('GET', '/directory')).json.version;
    const statuses = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((n) => call('PUT', '/api/v1/agreements/la-th', { notes: `edit ${n}` }).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const published = statuses.filter((s) => s === 200).length;
    expect(published).toBeGreaterThan(0);
    expect((await call('GET', '/directory')).json.version).toBe(before + published);
  });

  it('records versions published by another directory process', async () => {
    const other = await start({ database: ':memory:' });
    try {
      expect((await call('POST', '/api/v1/agencies', await agencyWithKeys('cn-mps'))).status).toBe(201);
      const version = (await call('GET', '/directory')).json.version;
      await expect.poll(async () => ((await (await fetch(`${other.url}/directory`)).json()) as { version: number }).version, { timeout: 5_000 }).toBe(version);
    } finally {
      await other.close();
    }
  });

  it('re-issues an unchanged directory once it is older than reissueEveryMs, so nodes do not see it stale', async () => {
    const server = await startNats();
    const other = await startDirectoryService({
      nats: { servers: server.url }, database: ':memory:', ...signing, tokenSecret, admins: [{ username: 'a', password }],
      seed: { ...seed, issued: '2026-01-01T00:00:00.000Z' }, reissueEveryMs: 1_000,
    });
    try {
      const read = async () => (await (await fetch(`${other.url}/directory`)).json()) as { version: number; issued: string; snapshot: DirectorySnapshot };
      const first = await read();
      await expect.poll(async () => (await read()).version, { timeout: 10_000 }).toBeGreaterThan(first.version);
      const next = await read();
      expect(Date.parse(next.issued)).toBeGreaterThan(Date.now() - 60_000);
      expect(next.snapshot.agencies).toEqual(first.snapshot.agencies);
    } finally {
      await other.close();
      await server.stop();
    }
  });

  it('refuses to start when KV holds a directory signed by another key', async () => {
    const server = await startNats();
    try {
      const b = await connectBus({ servers: server.url });
      const forged = await signDirectory(seed, await generateRootKey('forger'));
      await (await directoryKv(b, { create: true })).put(DIRECTORY_KEY, forged);
      await b.close();
      await expect(startDirectoryService({
        nats: { servers: server.url }, database: ':memory:', ...signing, tokenSecret, admins: [{ username: 'a', password }],
      })).rejects.toThrow(/does not verify/);
    } finally {
      await server.stop();
    }
  });

  it('signs with the online key: nodes that pin only the root accept it, and the root key is in no configuration', async () => {
    const jws = (await (await directoryKv(bus)).get(DIRECTORY_KEY))!.string();
    expect(await verifyDirectory(jws, [publicJwk(root)])).toMatchObject({ ok: true });
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: signing.signingKey.kid, cert: signing.signingCertificate });
    await expect(start({ rootPrivateJwk: root })).rejects.toThrow(/rootPrivateJwk/);
  });

  it('refuses to start with a certificate of another root, of another key, or out of its period', async () => {
    const otherRoot = await signingFor(await generateRootKey('other'));
    await expect(start({ signingCertificate: otherRoot.signingCertificate })).rejects.toThrow(/not a pinned root key/);
    await expect(start({ signingKey: otherRoot.signingKey })).rejects.toThrow(/not the configured signingKey/);
    const expired = await certifySigningKey(root, signing.signingKey, { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-12-31T00:00:00.000Z' });
    await expect(start({ signingCertificate: expired })).rejects.toThrow(/not now: renew it with mou root certify/);
  });
});
