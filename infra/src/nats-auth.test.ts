import {
  connectBus,
  consumeInbox,
  consumerPending,
  DIRECTORY_BUCKET,
  directoryKv,
  ensureAuditConsumer,
  ensureInboxConsumer,
  ensureStream,
  senderStreamName,
  senderStreamUse,
  STREAM,
  type Bus,
} from '@mou-hub/bus';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerSenders } from './nats-accounts.ts';
import { inboxPrefixFor, natsAuthorization, type NatsCredentials, type NatsUsers } from './nats-auth.ts';

const te = new TextEncoder();
const td = new TextDecoder();
const creds = (user: string): NatsCredentials => ({ user, password: `pw-${user}-${Math.random().toString(36).slice(2)}` });

// Only `agencies[].id` and `version` matter to the generator.
const snapshot = {
  version: 7,
  issued: '2026-01-05T00:00:00.000Z',
  rootKeys: [],
  agencies: ['la-mlsw', 'th-msdhs', 'vn-mps'].map((id) => ({ id, country: 'XX', names: { en: id }, roles: [], keys: [] })),
  agreements: [],
} as DirectorySnapshot;

const users: NatsUsers = {
  agencies: { 'la-mlsw': creds('la-mlsw'), 'th-msdhs': creds('th-msdhs'), 'vn-mps': creds('vn-mps') },
  directory: creds('directory'),
  audit: creds('audit'),
  admin: creds('admin'),
};

let server: NatsServer;
const open: Bus[] = [];

async function connectAs(c: NatsCredentials, prefixName?: string): Promise<Bus> {
  const bus = await connectBus({
    servers: server.url,
    user: c.user,
    pass: c.password,
    name: c.user,
    ...(prefixName ? { inboxPrefix: inboxPrefixFor(prefixName) } : {}),
  });
  open.push(bus);
  return bus;
}

const refused = /permissions violation/i;
const QUOTA = 1024 * 1024;

beforeAll(async () => {
  // vn-mps's quota is small: the flood test fills it.
  server = await startNats({ config: natsAuthorization(snapshot, users, { bcryptCost: 4, senderQuotaBytes: { 'vn-mps': QUOTA } }) });
  const admin = await connectAs(users.admin);
  await ensureStream(admin, { senders: brokerSenders(snapshot) });
  await ensureInboxConsumer(admin, 'la-mlsw');
  await ensureAuditConsumer(admin);
  await admin.js.views.kv(DIRECTORY_BUCKET, { history: 5 });
});

afterAll(async () => {
  await Promise.all(open.map((b) => b.close().catch(() => undefined)));
  await server?.stop();
});

describe('natsAuthorization', () => {
  it('lets the directory user alone write the directory KV', async () => {
    const directory = await connectAs(users.directory, 'directory');
    const kv = await directoryKv(directory, { create: true });
    const first = await kv.create('current', te.encode('v0'));
    expect(await kv.update('current', te.encode('v1'), first)).toBeGreaterThan(first);
    await expect(directory.js.publish('mou.v1.msg.la-mlsw.th-msdhs', te.encode('x'))).rejects.toThrow(refused);
  });

  it('lets th-msdhs send as itself, pull its own inbox, and read the directory', async () => {
    const th = await connectAs(users['agencies']['th-msdhs']!, 'th-msdhs');
    const ack = await th.js.publish('mou.v1.out.la-mlsw.th-msdhs', te.encode('hello'));
    expect(ack.stream).toBe(senderStreamName('th-msdhs')); // its quota stream, which MOU_V1 sources

    await ensureInboxConsumer(th, 'th-msdhs'); // its own, with its own filter: allowed
    const la = await connectAs(users['agencies']['la-mlsw']!, 'la-mlsw');
    await la.js.publish('mou.v1.out.th-msdhs.la-mlsw', te.encode('sawasdee'));
    const inbox = await th.js.consumers.get(STREAM, 'inbox-th-msdhs');
    const msg = await inbox.next({ expires: 5_000 });
    expect(msg && td.decode(msg.data)).toBe('sawasdee');
    await msg?.ackAck();

    const kv = await directoryKv(th); // bind only, as followDirectory does
    expect(td.decode((await kv.get('current'))!.value)).toMatch(/^v/);
    // followDirectory polls the key with a get: no consumer is needed to see a new version.
    const directory = await connectAs(users.directory, 'directory');
    await (await directory.js.views.kv(DIRECTORY_BUCKET)).put('current', te.encode('v2'));
    expect(td.decode((await kv.get('current'))!.value)).toBe('v2');
  });

  it('refuses agencies and the audit any consumer on the directory KV stream', async () => {
    const th = await connectAs(users['agencies']['th-msdhs']!, 'th-msdhs');
    const audit = await connectAs(users.audit, 'audit');
    for (const bus of [th, audit]) {
      const jsm = await bus.jsm();
      // A durable would stay on the server forever; a push consumer could deliver the bucket to any subject.
      const durable = { durable_name: 'squatter', ack_policy: 'none' } as Parameters<typeof jsm.consumers.add>[1];
      await expect(jsm.consumers.add(`KV_${DIRECTORY_BUCKET}`, durable)).rejects.toThrow(refused);
      await expect(
        bus.nc.request(`$JS.API.CONSUMER.CREATE.KV_${DIRECTORY_BUCKET}`, te.encode(JSON.stringify({
          stream_name: `KV_${DIRECTORY_BUCKET}`,
          config: { deliver_subject: 'mou.v1.msg.la-mlsw.vn-mps', ack_policy: 'none' },
        }))),
      ).rejects.toThrow(refused);
      await expect((await directoryKv(bus)).watch({ key: 'current' })).rejects.toThrow(refused);
    }
  });

  it("refuses agencies the stream's info (message counts of every pair), and they still consume", async () => {
    const vn = await connectAs(users['agencies']['vn-mps']!, 'vn-mps');
    await expect((await vn.jsm()).streams.info(STREAM)).rejects.toThrow(refused);
    await expect(vn.nc.request(`$JS.API.STREAM.INFO.${STREAM}`, te.encode('{"subjects_filter":">"}'))).rejects.toThrow(refused);
    // Everything the node does on the stream still works: bind its consumer, pull, ack, count its backlog.
    const admin = await connectAs(users.admin);
    await ensureInboxConsumer(admin, 'vn-mps');
    await (await connectAs(users['agencies']['la-mlsw']!, 'la-mlsw')).js.publish('mou.v1.out.vn-mps.la-mlsw', te.encode('xin chao'));
    const got: string[] = [];
    const inbox = consumeInbox(vn, 'vn-mps', async (d) => {
      got.push(td.decode(d.data));
      return 'ack';
    });
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await inbox.stop();
    expect(got).toEqual(['xin chao']);
    expect(await consumerPending(vn, 'inbox-vn-mps')).toBe(0);
  });

  it('carries more than a flow-control window (about 2 MB) from a quota stream into MOU_V1 without stalling', async () => {
    const la = await connectAs(users['agencies']['la-mlsw']!, 'la-mlsw');
    const subject = 'mou.v1.msg.th-msdhs.la-mlsw';
    const jsm = await (await connectAs(users.admin)).jsm();
    const count = async () => (await jsm.streams.info(STREAM, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
    const before = await count();
    const chunk = new Uint8Array(100 * 1024).fill(97);
    await Promise.all(Array.from({ length: 50 }, (_, i) => la.js.publish('mou.v1.out.th-msdhs.la-mlsw', chunk, { msgID: `window-${i}` })));
    for (let i = 0; i < 100 && (await count()) < before + 50; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await count()).toBe(before + 50);
  });

  it('refuses th-msdhs publishing as another agency', async () => {
    const th = await connectAs(users['agencies']['th-msdhs']!, 'th-msdhs');
    await expect(th.js.publish('mou.v1.out.la-mlsw.vn-mps', te.encode('forged'))).rejects.toThrow(refused);
    // Nor straight into MOU_V1, past its quota stream, even as itself; nor into another's account's API.
    await expect(th.js.publish('mou.v1.msg.la-mlsw.th-msdhs', te.encode('around the quota'))).rejects.toThrow(refused);
    await expect(th.nc.request('$JS.out-th-msdhs.API.STREAM.PURGE.MOU_OUT_th-msdhs', te.encode('{}'))).rejects.toThrow(refused);
    await expect(th.nc.request('$JS.out-vn-mps.API.STREAM.DELETE.MOU_OUT_vn-mps', te.encode('{}'))).rejects.toThrow(refused);
  });

  it("refuses a flooding agency at its quota while every other agency's messages go on, and MOU_V1 holds no more of it", async () => {
    const vn = await connectAs(users['agencies']['vn-mps']!, 'vn-mps');
    const chunk = new Uint8Array(200 * 1024).fill(46);
    let accepted = 0;
    let refusal = '';
    for (let i = 0; i < 20 && !refusal; i++) {
      await vn.js.publish('mou.v1.out.la-mlsw.vn-mps', chunk, { msgID: `flood-${i}` }).then(
        () => accepted++,
        (e: unknown) => (refusal = `${String(e)} ${JSON.stringify((e as { api_error?: unknown }).api_error ?? '')}`),
      );
    }
    expect(accepted).toBe(Math.floor(QUOTA / (200 * 1024 + 100)));
    expect(refusal).toMatch(/10077|maximum bytes/);
    // Another sender is not held back.
    const la = await connectAs(users['agencies']['la-mlsw']!, 'la-mlsw');
    expect((await la.js.publish('mou.v1.out.th-msdhs.la-mlsw', te.encode('still here'))).stream).toBe(senderStreamName('la-mlsw'));
    // MOU_V1 took what the quota let in, and the flooder's share of it is at most its quota.
    const jsm = await (await connectAs(users.admin)).jsm();
    for (let i = 0; i < 100; i++) {
      const { subjects } = (await jsm.streams.info(STREAM, { subjects_filter: 'mou.v1.msg.la-mlsw.vn-mps' })).state;
      if ((subjects?.['mou.v1.msg.la-mlsw.vn-mps'] ?? 0) >= accepted) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const state = (await jsm.streams.info(STREAM, { subjects_filter: 'mou.v1.msg.la-mlsw.vn-mps' })).state;
    expect(state.subjects?.['mou.v1.msg.la-mlsw.vn-mps']).toBe(accepted);
  });

  it("refuses th-msdhs reading la-mlsw's inbox, or its replies", async () => {
    const th = await connectAs(users['agencies']['th-msdhs']!, 'th-msdhs');
    await expect(th.js.consumers.get(STREAM, 'inbox-la-mlsw')).rejects.toThrow(refused);
    await expect(th.nc.request(`$JS.API.CONSUMER.MSG.NEXT.${STREAM}.inbox-la-mlsw`, te.encode('{"batch":1}'))).rejects.toThrow(refused);
    await expect(ensureInboxConsumer(th, 'la-mlsw')).rejects.toThrow(refused);
    const subscribeError = new Promise<Error | null>((resolve) => {
      th.nc.subscribe(`${inboxPrefixFor('la-mlsw')}.>`, { callback: (err) => resolve(err) });
    });
    expect(String(await subscribeError)).toMatch(refused);
  });

  it('refuses th-msdhs writing the directory KV', async () => {
    const th = await connectAs(users['agencies']['th-msdhs']!, 'th-msdhs');
    const kv = await th.js.views.kv(DIRECTORY_BUCKET);
    await expect(kv.put('current', te.encode('forged'))).rejects.toThrow(refused);
    expect(td.decode((await kv.get('current'))!.value)).not.toBe('forged');
  });

  it('lets the audit read the whole stream and nothing else', async () => {
    const audit = await connectAs(users.audit, 'audit');
    const consumer = await audit.js.consumers.get(STREAM, 'audit');
    const msg = await consumer.next({ expires: 5_000 });
    expect(msg?.subject).toMatch(/^mou\.v1\.msg\./);
    await msg?.ackAck();
    await expect(audit.js.publish('mou.v1.msg.la-mlsw.th-msdhs', te.encode('x'))).rejects.toThrow(refused);
    await expect(audit.js.consumers.get(STREAM, 'inbox-la-mlsw')).rejects.toThrow(refused);
    // How full the stream is (its /metrics), but no stream management.
    expect((await (await audit.jsm()).streams.info(STREAM)).config.name).toBe(STREAM);
    await expect(audit.nc.request(`$JS.API.STREAM.PURGE.${STREAM}`, te.encode('{}'))).rejects.toThrow(refused);
    // Each agency's quota use (the quota alert), and nothing else of the sender accounts.
    expect(await senderStreamUse(audit, 'th-msdhs')).toMatchObject({ maxBytes: 256 * 1024 ** 2 });
    await expect(audit.nc.request('$JS.out-th-msdhs.API.STREAM.PURGE.MOU_OUT_th-msdhs', te.encode('{}'))).rejects.toThrow(refused);
  });

  it("lets an agency send its own evidence heads to the audit's witness, which answers it; not another agency's heads", async () => {
    const audit = await connectAs(users.audit, 'audit');
    const sub = audit.nc.subscribe('mou.v1.evidence.*.head', { callback: (_err, m) => void m.respond(te.encode(`witnessed ${m.subject}`)) });
    await audit.nc.flush();
    const la = await connectAs(users.agencies['la-mlsw']!, 'la-mlsw');
    const answer = await la.nc.request('mou.v1.evidence.la-mlsw.head', te.encode('{}'), { timeout: 5_000 });
    expect(td.decode(answer.data)).toBe('witnessed mou.v1.evidence.la-mlsw.head');
    await expect(la.nc.request('mou.v1.evidence.th-msdhs.head', te.encode('{}'), { timeout: 2_000 })).rejects.toThrow();
    await expect(audit.js.publish('mou.v1.evidence.la-mlsw.head', te.encode('x'), { timeout: 2_000 })).rejects.toThrow();
    sub.unsubscribe();
  });

  it('lets an agency show its evidence heads to a counterpart, which answers; never as another agency', async () => {
    const th = await connectAs(users.agencies['th-msdhs']!, 'th-msdhs');
    const sub = th.nc.subscribe('mou.v1.evidence.th-msdhs.peer.*', { callback: (_err, m) => void m.respond(te.encode(`kept ${m.subject}`)) });
    await th.nc.flush();
    const la = await connectAs(users.agencies['la-mlsw']!, 'la-mlsw');
    const answer = await la.nc.request('mou.v1.evidence.th-msdhs.peer.la-mlsw', te.encode('{}'), { timeout: 5_000 });
    expect(td.decode(answer.data)).toBe('kept mou.v1.evidence.th-msdhs.peer.la-mlsw');
    await expect(la.nc.request('mou.v1.evidence.th-msdhs.peer.vn-mps', te.encode('{}'), { timeout: 2_000 })).rejects.toThrow();
    sub.unsubscribe();
  });

  it('needs the per-user inbox prefix: the shared _INBOX is closed to agencies', async () => {
    const bare = await connectAs(users['agencies']['vn-mps']!);
    await expect(bare.js.publish('mou.v1.out.la-mlsw.vn-mps', te.encode('x'), { timeout: 1_000 })).rejects.toThrow();
  });

  it('refuses credentials of an agency the directory does not know', () => {
    expect(() => natsAuthorization(snapshot, { ...users, agencies: { 'xx-nobody': creds('x') } })).toThrow(/xx-nobody/);
  });
});
