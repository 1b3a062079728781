import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyConfig, startAgencyNode, type AgencyDatabase, type AgencyNode } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { connectBus, directoryKv, DIRECTORY_KEY, ensureAuditConsumer, ensureInboxConsumer, ensureStream, type Bus } from '@mou-hub/bus';
import { prepareFederation, writeAgencyConfig, type PreparedFederation } from '@mou-hub/infra';
import { signDirectory } from '@mou-hub/protocol';
import { startLeafSite, type LeafSite } from '@mou-hub/testkit';
import { ApiClient, eventually } from '../support/api.ts';
import { readNodeDb } from '../support/outbox-stats.ts';
import { mou } from '../support/mou.ts';
import { inProcessNodeConfig } from '../support/federation.ts';

// The embassy in Beijing sits behind a leaf node; the Lao focal point is at the hub.
const POST = 'la-emb-beijing';
const HUB_SIDE = 'la-mlsw';
const DURING_CUT = 100;

let dataDir: string;
let site: LeafSite;
let admin: Bus;
let prepared: PreparedFederation;
const nodes = new Map<string, AgencyNode>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mou-leaf-'));
  prepared = await prepareFederation(dataDir, {
    http: { host: '127.0.0.1', basePort: 0 },
    agencies: [POST, HUB_SIDE].map((id) => ({ id, officer: 'officer', roles: ['liaison-officer', 'embassy-desk', 'supervisor'] })),
  });
  site = await startLeafSite();
  admin = await connectBus({ servers: site.hub.url, name: 'test-admin' });
  await ensureStream(admin, { replicas: 1 });
  for (const id of [POST, HUB_SIDE]) await ensureInboxConsumer(admin, id);
  await ensureAuditConsumer(admin);
  const kv = await directoryKv(admin, { create: true, replicas: 1 });
  await kv.put(DIRECTORY_KEY, await signDirectory(prepared.seed, prepared.rootKey));
  for (const a of prepared.agencies) {
    // The post's node knows only its leaf; it reaches the hub's stream by the hub's JetStream domain.
    const atPost = a.id === POST;
    await writeAgencyConfig(prepared, a, atPost ? site.leaf.url : site.hub.url, atPost ? { anonymous: true, domain: site.hubDomain } : { anonymous: true });
    nodes.set(a.id, await startAgencyNode(inProcessNodeConfig(a.configPath)));
  }
}, 60_000);

afterAll(async () => {
  for (const node of nodes.values()) await node.close();
  await admin?.close();
  await site?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function login(id: string): Promise<ApiClient> {
  const a = prepared.agencies.find((x) => x.id === id)!;
  return ApiClient.login(nodes.get(id)!.url, a.officer.username, a.officer.password);
}

const note = (to: string, text: string) => ({ to, agreement: 'la-national', type: 'case.note', lang: 'lo', body: { text } });

async function sendAll(api: ApiClient, to: string, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async (_, k) => {
        const res = await api.send(note(to, `${label} ${i + k}`));
        expect(res.status).toBe(202);
        return res.json.id as string;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

describe('an embassy behind a leaf node', () => {
  it('reaches the hub through its leaf while the link is up', async () => {
    const embassy = await login(POST);
    const [id] = await sendAll(embassy, HUB_SIDE, 1, 'link up');
    await embassy.waitForStatus(id!, ['delivered']);
  });

  it('keeps accepting work while its uplink is cut, and delivers everything exactly once when it returns', async () => {
    const embassy = await login(POST);
    const focalPoint = await login(HUB_SIDE);
    site.link.cut();

    // Officers on both sides keep working: every send is accepted at once.
    const fromPost = await sendAll(embassy, HUB_SIDE, DURING_CUT, 'from the post during the cut');
    const toPost = await sendAll(focalPoint, POST, DURING_CUT, 'to the post during the cut');

    // Nothing crosses the cut link: the post's messages wait in its outbox, undelivered.
    await new Promise((r) => setTimeout(r, 2_000));
    const cut = await readNodeDb(prepared.agencies.find((a) => a.id === POST)!.database);
    expect(cut.sent['delivered'] ?? 0).toBe(1);
    expect(cut.received.filter((m) => m.type === 'case.note')).toHaveLength(0);

    site.link.restore();
    await site.waitJoined();
    for (const [id, ids] of [[POST, fromPost], [HUB_SIDE, toPost]] as const) {
      const db = prepared.agencies.find((a) => a.id === id)!.database;
      await eventually(async () => (await readNodeDb(db)).sent['delivered'] === (id === POST ? DURING_CUT + 1 : DURING_CUT), 60_000, `${id}'s notes delivered`);
      const peer = prepared.agencies.find((a) => a.id !== id)!.database;
      const received = (await readNodeDb(peer)).received.filter((m) => m.type === 'case.note').map((m) => m.id);
      // Exactly once: every id committed in the peer's inbox, none twice.
      expect(new Set(received).size).toBe(received.length);
      for (const sent of ids) expect(received).toContain(sent);
    }
    const post = await readNodeDb(prepared.agencies.find((a) => a.id === POST)!.database);
    expect(post.sent).toEqual({ delivered: DURING_CUT + 1 });
  }, 120_000);

  it("starts the post's node while its uplink is cut (on its stored directory), and delivers what it queued once when the link returns", async () => {
    const post = prepared.agencies.find((a) => a.id === POST)!;
    await nodes.get(POST)!.close();
    nodes.delete(POST);
    site.link.cut();

    // A stored snapshot that does not verify stops the start at once, saying why.
    const dbOf = () => openDatabase<AgencyDatabase>(post.database);
    const kept = await withDb(dbOf, (db) => db.selectFrom('directory_state').select('jws').executeTakeFirstOrThrow());
    expect(kept.jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const [h, p, sig] = kept.jws!.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { agencies: { id: string; keys: unknown[] }[] };
    payload.agencies.find((a) => a.id === HUB_SIDE)!.keys = []; // as if the hub side had no key: every message from it refused
    await withDb(dbOf, (db) => db.updateTable('directory_state').set({ jws: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}` }).execute());
    const started = Date.now();
    await expect(startAgencyNode(loadAgencyConfig(post.configPath))).rejects.toThrow(/the directory cannot be read \(.+\) and the stored directory snapshot was refused: .*signature/);
    expect(Date.now() - started).toBeLessThan(15_000);
    await withDb(dbOf, (db) => db.updateTable('directory_state').set({ jws: kept.jws }).execute());

    // The kept one starts the node at once; readiness and the metrics say so.
    nodes.set(POST, await startAgencyNode(inProcessNodeConfig(post.configPath)));
    const url = nodes.get(POST)!.url;
    const dir = (await readyz(url)).checks.directory;
    expect(dir.detail).toBe('version 1');
    expect(dir.warning).toMatch(/^started on its stored snapshot at .* \(version 1, issued .*\): the directory cannot be read/);
    expect(await metric(url, 'mou_directory_from_store')).toBe(1);
    // The operator's `mou status` shows it too (and that NATS cannot reach the inbox consumer).
    const status = await mou('status', '--config', post.configPath, '--url', url);
    expect(status.text).toMatch(/^  warning: directory: started on its stored snapshot at .*: the directory cannot be read/m);

    const embassy = await login(POST);
    const focalPoint = await login(HUB_SIDE);
    const fromPost = await sendAll(embassy, HUB_SIDE, 10, 'from the restarted post during the cut');
    const toPost = await sendAll(focalPoint, POST, 10, 'to the restarted post during the cut');
    // Meanwhile the Secretariat issues version 2: the post takes it once the link returns, before it judges what waited for it.
    await (await directoryKv(admin)).put(DIRECTORY_KEY, await signDirectory({ ...prepared.seed, version: 2, issued: new Date().toISOString() }, prepared.rootKey));
    await new Promise((r) => setTimeout(r, 1_000));
    const during = await readNodeDb(post.database);
    expect(during.received.filter((m) => toPost.includes(m.id))).toHaveLength(0);
    expect((await readNodeDb(prepared.agencies.find((a) => a.id === HUB_SIDE)!.database)).received.filter((m) => fromPost.includes(m.id))).toHaveLength(0);

    site.link.restore();
    await site.waitJoined();
    await eventually(async () => (await readyz(url)).checks.directory.detail === 'version 2', 30_000, 'version 2 at the post');
    expect((await readyz(url)).checks.directory.warning).toBeUndefined();
    expect(await metric(url, 'mou_directory_from_store')).toBe(0);
    for (const [to, ids] of [[HUB_SIDE, fromPost], [POST, toPost]] as const) {
      const db = prepared.agencies.find((a) => a.id === to)!.database;
      await eventually(async () => {
        const received = (await readNodeDb(db)).received.map((m) => m.id);
        return ids.every((id) => received.includes(id));
      }, 60_000, `the notes at ${to}`);
      const received = (await readNodeDb(db)).received.map((m) => m.id);
      expect(new Set(received).size).toBe(received.length);
    }
    for (const id of fromPost) await embassy.waitForStatus(id, ['delivered']);
  }, 120_000);
});

async function withDb<T>(open: () => ReturnType<typeof openDatabase<AgencyDatabase>>, use: (db: ReturnType<typeof openDatabase<AgencyDatabase>>['db']) => Promise<T>): Promise<T> {
  const { db, close } = open();
  try {
    return await use(db);
  } finally {
    await close();
  }
}

const readyz = async (url: string) => (await (await fetch(`${url}/readyz`)).json()) as { checks: { directory: { detail: string; warning?: string } } };
const metric = async (url: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1]);
