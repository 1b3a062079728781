import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, evidenceHeadSubject, STREAM, type Bus } from '@mou-hub/bus';
import { openDatabase } from '@mou-hub/db';
import { HUB_DOMAIN, launchProduction, POST, type Production } from '@mou-hub/infra';
import { ApiClient, eventually } from '../support/api.ts';
import { readNodeDb } from '../support/outbox-stats.ts';

// The production shape on one machine (issue 18): a 3-server hub with TLS and generated users,
// the directory, the audit and the nodes in their own processes from their bundles, and the
// Beijing embassy behind a leaf node. One federation for the whole file.
const HUB_SIDE = 'la-mlsw';
// A hub server killed and the uplink cut used to lose one to three hub-to-post messages: nats-server
// 2.9.10 counts a delivery down a link that closes under it and redelivers down the same dead link
// at once, so the inbox consumer's max_deliver of 12 was spent in milliseconds and the broker
// dropped the message unhandled. The inbox consumer has no broker-side limit since
// (packages/bus/src/leaf-cut.test.ts shows the loss on its own).
const DURING_CUT = 20;
// The post's week without a link: its node runs this far behind while it seals (7 days and an hour).
const WEEK = 7 * 86_400_000 + 3_600_000;
let dataDir: string;
let prod: Production;
const open: Bus[] = [];
// Messages the broker stopped offering to a consumer: none may be (a loss the nodes never see).
const givenUp: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mou-production-'));
  // Heads every second (a minute in service): the post's reach the witness during the file.
  prod = await launchProduction({ dataDir, evidenceHeadIntervalMs: 1_000 });
  prod.admin.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${STREAM}.>`, { callback: (_e, m) => givenUp.push(m.string()) });
}, 120_000);

afterAll(async () => {
  await Promise.all(open.map((b) => b.close().catch(() => undefined)));
  await prod?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const readyz = async (url: string) => (await (await fetch(`${url}/readyz`)).json()) as { checks: { directory: { detail: string; warning?: string } } };
const agency = (id: string) => prod.prepared.agencies.find((a) => a.id === id)!;
const login = (id: string) => ApiClient.login(prod.agencies.get(id)!.url, agency(id).officer.username, agency(id).officer.password);
const note = (to: string, text: string) => ({ to, agreement: 'la-national', type: 'case.note', lang: 'lo', body: { text } });

async function sendAll(api: ApiClient, to: string, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api.send(note(to, `${label} ${i}`));
    expect(res.status).toBe(202);
    ids.push(res.json.id as string);
  }
  return ids;
}

/** Every id delivered at the sender and committed once at the recipient. */
async function deliveredOnce(from: string, to: string, ids: string[]): Promise<void> {
  await eventually(async () => {
    const received = (await readNodeDb(agency(to).database)).received.map((m) => m.id);
    return ids.every((id) => received.includes(id));
  }, 150_000, `${ids.length} notes from ${from} at ${to}`).catch(async (error: unknown) => {
    // What the broker says of the recipient's consumer, to tell a lost delivery from a slow one.
    const info = await (await prod.admin.jsm()).consumers.info(STREAM, `inbox-${to}`).catch((e: unknown) => String(e));
    throw new Error(`${String(error)}; consumer inbox-${to}: ${JSON.stringify(info, (k, v) => (k === 'config' ? undefined : v))}`);
  });
  const received = (await readNodeDb(agency(to).database)).received.map((m) => m.id);
  expect(new Set(received).size).toBe(received.length);
  expect(givenUp).toEqual([]);
}

describe('the production topology on one machine', () => {
  it('runs every service in its own process, the hub over TLS, the passwords as bcrypt hashes', async () => {
    const pids = new Set([...prod.agencies.values()].map((n) => n.pid));
    expect(pids.size).toBe(3);
    expect(pids.has(process.pid)).toBe(false);
    for (const url of [prod.directoryUrl, prod.auditUrl, ...[...prod.agencies.values()].map((n) => n.url)]) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }
    expect(prod.hubUrls.every((u) => u.startsWith('tls://'))).toBe(true);
    // Each hub server requires TLS of its clients, and routes to the other two and takes the post's leaf over TLS.
    for (const url of prod.monitorUrls) {
      const varz = (await (await fetch(`${url}/varz`)).json()) as { tls_required: boolean; cluster: { tls_required: boolean }; leaf: { tls_required: boolean } };
      expect([varz.tls_required, varz.cluster.tls_required, varz.leaf.tls_required]).toEqual([true, true, true]);
    }
    // The broker's configuration holds bcrypt hashes only: no password of any user is in it.
    const conf = readFileSync(join(dataDir, 'nats-authorization.conf'), 'utf8');
    expect(conf.match(/password: "\$2a\$11\$/g)?.length).toBeGreaterThan(5);
    for (const c of [prod.prepared.natsUsers.admin, prod.leafUser, prod.prepared.natsUsers.audit]) expect(conf).not.toContain(c.password);
  });

  it('carries messages both ways between the hub and the post behind its leaf node', async () => {
    const embassy = await login(POST);
    const focal = await login(HUB_SIDE);
    const up = await sendAll(embassy, HUB_SIDE, 3, 'from the post');
    const down = await sendAll(focal, POST, 3, 'to the post');
    for (const id of up) await embassy.waitForStatus(id, ['delivered'], 60_000);
    for (const id of down) await focal.waitForStatus(id, ['delivered'], 60_000);
    await deliveredOnce(POST, HUB_SIDE, up);
    await deliveredOnce(HUB_SIDE, POST, down);
  }, 120_000);

  it('keeps delivering exactly once while a hub server is killed', async () => {
    const focal = await login(HUB_SIDE);
    const victim = prod.hubs[0]!;
    await victim.stop('SIGKILL');
    const ids = await sendAll(focal, POST, 10, 'a hub server down');
    await victim.restart();
    for (const id of ids) await focal.waitForStatus(id, ['delivered'], 90_000);
    await deliveredOnce(HUB_SIDE, POST, ids);
  }, 300_000);

  it('keeps both sides working while the uplink is cut, and delivers everything once when it returns', async () => {
    const embassy = await login(POST);
    const focal = await login(HUB_SIDE);
    prod.uplink.cut();
    const up = await sendAll(embassy, HUB_SIDE, DURING_CUT, 'during the cut, from the post');
    const down = await sendAll(focal, POST, DURING_CUT, 'during the cut, to the post');
    await new Promise((r) => setTimeout(r, 2_000));
    const atPost = await readNodeDb(agency(POST).database);
    expect(atPost.received.filter((m) => down.includes(m.id))).toHaveLength(0);
    prod.uplink.restore();
    for (const id of up) await embassy.waitForStatus(id, ['delivered'], 90_000);
    await deliveredOnce(POST, HUB_SIDE, up);
    await deliveredOnce(HUB_SIDE, POST, down);
  }, 400_000);

  it('delivers once what the post sealed a week before its link returned (its clock a week behind), its node restarted during the cut', async () => {
    // The week is simulated: the post's node runs a week behind while it seals, then with the
    // real clock, so the hub's stream stores the notes a week after their `created` (the
    // stream's clock decides, not the post's: docs/operations.md, "Offline posts").
    await prod.restartNode(POST, { clockOffsetMs: -WEEK });
    prod.uplink.cut();
    const embassy = await login(POST);
    const ids = await sendAll(embassy, HUB_SIDE, 3, 'sealed a week before the link returned');
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await readNodeDb(agency(HUB_SIDE).database)).received.filter((m) => ids.includes(m.id))).toHaveLength(0);
    // A reboot during the cut: the node starts on the directory it stored, and says so.
    const restarted = await prod.restartNode(POST);
    const offline = (await readyz(restarted.url)).checks.directory;
    expect(offline.warning).toMatch(/^started on its stored snapshot at .*: the directory cannot be read/);
    expect(await (await fetch(`${restarted.url}/metrics`)).text()).toMatch(/^mou_directory_from_store\{[^}]*\} 1$/m);
    const queued = await sendAll(await login(POST), HUB_SIDE, 2, 'sent after the reboot, during the cut');
    prod.uplink.restore();
    await eventually(async () => (await readyz(restarted.url)).checks.directory.warning === undefined, 60_000, 'the directory read again at the post');
    const post = await login(POST);
    for (const id of [...ids, ...queued]) await post.waitForStatus(id, ['delivered'], 90_000);
    await deliveredOnce(POST, HUB_SIDE, queued);
    await deliveredOnce(POST, HUB_SIDE, ids);
    // The hub side holds them with their week-old `created`.
    const focal = await login(HUB_SIDE);
    for (const id of ids) {
      const m = await focal.message(id);
      expect(m.status).toBe(200);
      const age = Date.now() - Date.parse(m.json.created as string);
      expect(age).toBeGreaterThan(7 * 86_400_000);
      expect(age).toBeLessThan(WEEK + 600_000);
    }
  }, 300_000);

  it("has the post's evidence heads witnessed by the audit and held by its counterpart, through the leaf", async () => {
    // The audit's witness and la-mlsw (a counterpart under la-national) each hold a signed head of the post's log.
    await eventually(async () => {
      const audit = openDatabase<any>(prod.prepared.audit.database);
      try {
        return (await audit.db.selectFrom('witnessed_heads').select('size').where('log', '=', POST).executeTakeFirst())?.size > 0;
      } finally {
        await audit.close();
      }
    }, 60_000, `the audit witnessed a head of ${POST}`);
    await eventually(async () => {
      const node = openDatabase<any>(agency(HUB_SIDE).database);
      try {
        return (await node.db.selectFrom('evidence_peer_heads').selectAll().where('peer', '=', POST).execute()).length > 0;
      } finally {
        await node.close();
      }
    }, 60_000, `${HUB_SIDE} holds a head of ${POST}`);
    // A leaf client cannot have a head witnessed as another agency: the hub drops it at the leaf.
    const forger = await connectBus({ servers: prod.leaf.url, name: 'leaf-forger', inboxPrefix: `_INBOX_${POST}` });
    open.push(forger);
    await expect(forger.nc.request(evidenceHeadSubject(HUB_SIDE), new TextEncoder().encode('not a head'), { timeout: 1_500 })).rejects.toThrow();
    // …while the same client may ask as the post (the audit answers: here, that it is no head).
    const own = await forger.nc.request(evidenceHeadSubject(POST), new TextEncoder().encode('not a head'), { timeout: 5_000 }).then(() => 'answered', (e: Error) => e.message);
    expect(own).toBe('answered');
  }, 150_000);

  it("refuses a leaf client what the post's agency may not do: read others' envelopes, publish as cn-mps, purge the stream", async () => {
    const spy = await connectBus({ servers: prod.leaf.url, name: 'leaf-spy', domain: HUB_DOMAIN });
    open.push(spy);
    const seen: string[] = [];
    spy.nc.subscribe('mou.v1.msg.>', { callback: (_e, m) => seen.push(m.subject) });
    await spy.nc.flush();
    const thai = await login('th-msdhs');
    const res = await thai.send({ to: HUB_SIDE, agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'not for the post' } });
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    await thai.waitForStatus(id, ['delivered'], 60_000);
    expect(seen).toEqual([]);
    const before = (await (await prod.admin.jsm()).streams.info(STREAM)).state.messages;
    spy.nc.publish('mou.v1.msg.la-mlsw.cn-mps', new TextEncoder().encode('forged'));
    const purge = await spy.nc.request(`$JS.${HUB_DOMAIN}.API.STREAM.PURGE.${STREAM}`, new TextEncoder().encode('{}'), { timeout: 1_500 }).then(() => 'answered', () => 'refused');
    expect(purge).toBe('refused');
    await spy.nc.flush();
    await new Promise((r) => setTimeout(r, 500));
    const jsm = await prod.admin.jsm();
    // Nothing was purged (traffic goes on, so the count may only grow), and nothing was stored as cn-mps.
    expect((await jsm.streams.info(STREAM)).state.messages).toBeGreaterThanOrEqual(before);
    await expect(jsm.streams.getMessage(STREAM, { last_by_subj: 'mou.v1.msg.la-mlsw.cn-mps' })).rejects.toThrow(/no message found/i);
  }, 90_000);

  // Last: it revokes the post's signing key.
  it("refuses what the post sealed during the cut with a key revoked meanwhile (the stream's clock decides)", async () => {
    await prod.restartNode(POST, { clockOffsetMs: -WEEK });
    prod.uplink.cut();
    const embassy = await login(POST);
    const ids = await sendAll(embassy, HUB_SIDE, 2, 'sealed before its key was revoked');
    // Three days into the week, the Secretariat revokes the post's key (stolen, say).
    const kid = (JSON.parse(readFileSync(agency(POST).keys.sig, 'utf8')) as { kid: string }).kid;
    const admin = await ApiClient.login(prod.directoryUrl, prod.prepared.directory.admin.username, prod.prepared.directory.admin.password);
    const before = (await readyz(prod.agencies.get(HUB_SIDE)!.url)).checks.directory.detail as string;
    const revoked = await admin.request('POST', `/api/v1/agencies/${POST}/keys/${encodeURIComponent(kid)}/revoke`, { at: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(201);
    await eventually(async () => (await readyz(prod.agencies.get(HUB_SIDE)!.url)).checks.directory.detail !== before, 30_000, `the revocation at ${HUB_SIDE}`);
    prod.uplink.restore();
    // The post's relay publishes them when the link returns; the hub side refuses every one.
    const focal = await login(HUB_SIDE);
    // Unverified, a quarantined message shows its key and hash, not its id.
    const refused = async () =>
      ((await focal.quarantine('?code=unknown-key')).json.items as { kid?: string; detail: string }[]).filter(
        (q) => q.kid === kid && /was revoked at .*, before the stream received the message at/.test(q.detail),
      );
    await eventually(async () => (await refused()).length >= ids.length, 90_000, 'both notes quarantined as signed with a revoked key').catch(async (error: unknown) => {
      const quarantined = (await focal.quarantine()).json.items as unknown[];
      const atPost = await readNodeDb(agency(POST).database);
      throw new Error(`${String(error)}; at ${HUB_SIDE}: ${JSON.stringify(quarantined)}; at ${POST}: ${JSON.stringify(atPost.sent)}; ${readFileSync(join(dataDir, `node-${POST}.log`), 'utf8').split('\n').slice(-15).join('\n')}`);
    });
    expect(await refused()).toHaveLength(ids.length);
    expect((await readNodeDb(agency(HUB_SIDE).database)).received.filter((m) => ids.includes(m.id))).toHaveLength(0);
  }, 300_000);
});
