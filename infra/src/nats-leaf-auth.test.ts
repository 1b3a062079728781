import { connectBus, DIRECTORY_BUCKET, ensureInboxConsumer, ensureStream, evidenceHeadSubject, evidencePeerSubject, senderStreamName, STREAM, type Bus } from '@mou-hub/bus';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { freePort, startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerSenders } from './nats-accounts.ts';
import { inboxPrefixFor, natsAuthorization, type NatsCredentials, type NatsUsers } from './nats-auth.ts';
import { hubServerConfig, leafServerConfig } from './nats-config.ts';

// A post's leaf node joins the hub as a user of the hub's authorization: what crosses the leaf
// connection is what that user may publish and subscribe. These attacks come from a client of
// the leaf (anyone on the post's network), not from a hub user.
const POST = 'la-emb-beijing';
const te = new TextEncoder();
const creds = (user: string): NatsCredentials => ({ user, password: `pw-${user}-${Math.random().toString(36).slice(2)}` });
const snapshot = {
  version: 3,
  issued: '2026-01-05T00:00:00.000Z',
  rootKeys: [],
  agencies: [POST, 'la-mlsw', 'th-msdhs', 'cn-mps'].map((id) => ({ id, country: 'XX', names: { en: id }, roles: [], keys: [] })),
  agreements: [],
} as unknown as DirectorySnapshot;
const users: NatsUsers = {
  agencies: { 'la-mlsw': creds('la-mlsw'), 'th-msdhs': creds('th-msdhs'), 'cn-mps': creds('cn-mps') },
  leaves: { [POST]: creds(`leaf-${POST}`) },
  directory: creds('directory'),
  audit: creds('audit'),
  admin: creds('admin'),
};

let hub: NatsServer;
let leaf: NatsServer;
let admin: Bus;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  const leafPort = await freePort();
  const authorization = await natsAuthorization(snapshot, users, { hubDomain: 'hub', bcryptCost: 4 });
  hub = await startNats({
    configText: ({ port, storeDir }) =>
      hubServerConfig({ serverName: 'hub-1', listen: `127.0.0.1:${port}`, storeDir, domain: 'hub', authorization, leafListen: { listen: `127.0.0.1:${leafPort}` } }),
  });
  const post = users.leaves![POST]!;
  leaf = await startNats({
    configText: ({ port, storeDir }) =>
      leafServerConfig({
        serverName: 'post',
        listen: `127.0.0.1:${port}`,
        storeDir,
        domain: 'post',
        authorization: '',
        remotes: { urls: [`nats-leaf://127.0.0.1:${leafPort}`], user: post.user, password: post.password },
      }),
  });
  admin = await connectBus({ servers: hub.url, user: users.admin.user, pass: users.admin.password, name: 'admin' });
  open.push(admin);
  await ensureStream(admin, { senders: brokerSenders(snapshot) });
  await ensureInboxConsumer(admin, POST);
  await ensureInboxConsumer(admin, 'la-mlsw');
  await (await admin.js.views.kv(DIRECTORY_BUCKET, { history: 5 })).put('snapshot', te.encode('v3'));
  await waitLeafJoined();
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  await leaf?.stop();
  await hub?.stop();
});

/** The post's node at the leaf: it reaches the hub's JetStream through domain `hub`. */
async function postNode(): Promise<Bus> {
  const bus = await connectBus({ servers: leaf.url, name: 'post-node', domain: 'hub', inboxPrefix: inboxPrefixFor(POST) });
  open.push(bus);
  return bus;
}

async function leafClient(inboxPrefix?: string): Promise<Bus['nc']> {
  const bus = await connectBus({ servers: leaf.url, name: 'leaf-client', ...(inboxPrefix ? { inboxPrefix } : {}) });
  open.push(bus);
  return bus.nc;
}

async function streamCount(): Promise<number> {
  return (await (await admin.jsm()).streams.info(STREAM)).state.messages;
}

async function waitLeafJoined(): Promise<void> {
  const node = await postNode();
  for (let i = 0; ; i++) {
    // Joined both ways: the stream takes the post's publish, and the hub's JetStream API answers through the domain.
    const ok = await node.js
      .publish(`mou.v1.out.la-mlsw.${POST}`, te.encode('joined'), { timeout: 500 })
      .then(() => node.js.consumers.get(STREAM, `inbox-${POST}`))
      .then(() => true, () => false);
    if (ok) return;
    if (i > 40) throw new Error('the leaf did not join the hub');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("a post's leaf connection", () => {
  it('carries what the post may do: send as itself, pull its inbox, read the directory', async () => {
    const node = await postNode();
    const ack = await node.js.publish(`mou.v1.out.la-mlsw.${POST}`, te.encode('from the post'));
    expect(ack.stream).toBe(senderStreamName(POST)); // the post's quota stream at the hub, which MOU_V1 sources
    await admin.js.publish(`mou.v1.msg.${POST}.la-mlsw`, te.encode('to the post'));
    const consumer = await node.js.consumers.get(STREAM, `inbox-${POST}`);
    const m = await consumer.next({ expires: 5_000 });
    expect(new TextDecoder().decode(m!.data)).toBe('to the post');
    m!.ack();
    const kv = await node.js.views.kv(DIRECTORY_BUCKET, { bindOnly: true });
    expect(new TextDecoder().decode((await kv.get('snapshot'))!.value)).toBe('v3');
  });

  it("does not carry other agencies' envelopes to a leaf client that subscribes to them", async () => {
    const spy = await leafClient();
    const seen: string[] = [];
    spy.subscribe('mou.v1.msg.>', { callback: (_e, m) => seen.push(m.subject) });
    spy.subscribe('>', { callback: (_e, m) => seen.push(m.subject) });
    await spy.flush();
    await new Promise((r) => setTimeout(r, 500));
    await admin.js.publish('mou.v1.msg.th-msdhs.la-mlsw', te.encode('not for the post'));
    await admin.nc.flush();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(seen.filter((s) => s.startsWith('mou.v1.'))).toEqual([]);
  });

  it('does not let a leaf client publish as another agency', async () => {
    const before = await streamCount();
    const forger = await leafClient();
    for (const subject of ['mou.v1.out.la-mlsw.cn-mps', 'mou.v1.msg.la-mlsw.cn-mps', `mou.v1.msg.la-mlsw.${POST}`]) forger.publish(subject, te.encode('forged'));
    await forger.flush();
    const node = await postNode();
    await expect(node.js.publish('mou.v1.out.la-mlsw.cn-mps', te.encode('forged'), { timeout: 1_500 })).rejects.toThrow();
    // Nor around its own quota stream, straight into MOU_V1.
    await expect(node.js.publish(`mou.v1.msg.la-mlsw.${POST}`, te.encode('forged'), { timeout: 1_500 })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect(await streamCount()).toBe(before);
  });

  it('does not let a leaf client purge or delete the stream, or write the directory', async () => {
    const before = await streamCount();
    expect(before).toBeGreaterThan(0);
    const nc = await leafClient(inboxPrefixFor(POST));
    // No answer from the hub; `$JS.API` without the domain is the leaf's own JetStream, which has no such stream.
    const answer = (subject: string, body?: string) =>
      nc.request(subject, body === undefined ? undefined : te.encode(body), { timeout: 1_000 }).then((m) => new TextDecoder().decode(m.data), (e: Error) => `refused: ${e.message}`);
    for (const op of ['PURGE', 'DELETE']) {
      expect(await answer(`$JS.hub.API.STREAM.${op}.${STREAM}`, '{}')).toMatch(/^refused/);
      expect(await answer(`$JS.API.STREAM.${op}.${STREAM}`, '{}')).toMatch(/^refused|stream not found/);
    }
    expect(await answer(`$KV.${DIRECTORY_BUCKET}.snapshot`, 'forged')).toMatch(/^refused/);
    expect(await streamCount()).toBe(before);
    expect((await (await admin.jsm()).streams.info(`KV_${DIRECTORY_BUCKET}`)).state.messages).toBe(1);
  });

  it("does not carry another agency's inbox replies to a leaf client", async () => {
    // A leaf client that names la-mlsw's inbox prefix gets nothing across: the leaf user may
    // receive the post's replies only.
    const spy = await leafClient(inboxPrefixFor('la-mlsw'));
    await expect(spy.request(`$JS.hub.API.CONSUMER.INFO.${STREAM}.inbox-la-mlsw`, undefined, { timeout: 1_000 })).rejects.toThrow();
    await expect(spy.request(`$JS.hub.API.CONSUMER.MSG.NEXT.${STREAM}.inbox-la-mlsw`, te.encode('{"batch":1}'), { timeout: 1_000 })).rejects.toThrow();
  });

  it("carries the post's evidence heads to the witness and its counterparts, answered, and no one else's (issue 19)", async () => {
    // The audit (witness) and la-mlsw (a counterpart) listen at the hub, with their own users.
    const audit = await connectBus({ servers: hub.url, user: users.audit.user, pass: users.audit.password, inboxPrefix: inboxPrefixFor('audit'), name: 'audit' });
    const mlsw = await connectBus({ servers: hub.url, user: users.agencies['la-mlsw']!.user, pass: users.agencies['la-mlsw']!.password, inboxPrefix: inboxPrefixFor('la-mlsw'), name: 'la-mlsw' });
    open.push(audit, mlsw);
    const heard: string[] = [];
    audit.nc.subscribe(evidenceHeadSubject('*'), { callback: (_e, m) => (heard.push(m.subject), m.respond(te.encode('witnessed'))) });
    mlsw.nc.subscribe(evidencePeerSubject('la-mlsw', '*'), { callback: (_e, m) => (heard.push(m.subject), m.respond(te.encode('seen'))) });
    await audit.nc.flush();
    await mlsw.nc.flush();
    const node = await postNode();
    // The hub's interest reaches the leaf a moment after the subscriptions: ask until answered.
    const ask = async (subject: string, tries: number) => {
      for (let i = 0; ; i++) {
        const answer = await node.nc.request(subject, te.encode('head'), { timeout: 500 }).then((m) => new TextDecoder().decode(m.data), () => undefined);
        if (answer !== undefined || i >= tries) return answer;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    expect(await ask(evidenceHeadSubject(POST), 20)).toBe('witnessed');
    expect(await ask(evidencePeerSubject('la-mlsw', POST), 20)).toBe('seen');
    // As another agency: the hub drops it at the leaf connection, so nobody hears it or answers.
    const forger = await leafClient(inboxPrefixFor(POST));
    for (const subject of [evidenceHeadSubject('la-mlsw'), evidenceHeadSubject('cn-mps'), evidencePeerSubject('la-mlsw', 'cn-mps'), evidencePeerSubject('la-mlsw', 'th-msdhs')]) {
      await expect(forger.request(subject, te.encode('forged head'), { timeout: 1_000 }), subject).rejects.toThrow();
    }
    await audit.nc.flush();
    await mlsw.nc.flush();
    expect(heard.sort()).toEqual([evidenceHeadSubject(POST), evidencePeerSubject('la-mlsw', POST)]);
  });
});
