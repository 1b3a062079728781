import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBus, consumerPending, ensureInboxConsumer, ensureStream, STREAM } from '@mou-hub/bus';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { startNats } from '@mou-hub/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerSenders } from './nats-accounts.ts';
import { natsAuthorization, type NatsUsers } from './nats-auth.ts';
import { moveStreamsToHubAccount } from './nats-store.ts';

// A hub from before the per-sender accounts kept its streams in the global account. Its data
// folder moved to HUB keeps every message and each consumer's position under the new configuration.
const dir = mkdtempSync(join(tmpdir(), 'mou-nats-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshot = {
  version: 1,
  issued: '2026-01-05T00:00:00.000Z',
  rootKeys: [],
  agencies: ['la-mlsw', 'th-msdhs'].map((id) => ({ id, country: 'XX', names: { en: id }, roles: [], keys: [] })),
  agreements: [],
} as unknown as DirectorySnapshot;
const pw = (u: string) => ({ user: u, password: `pw-${u}-0123456789` });
const users: NatsUsers = { agencies: { 'la-mlsw': pw('la-mlsw'), 'th-msdhs': pw('th-msdhs') }, directory: pw('directory'), audit: pw('audit'), admin: pw('admin') };

describe('moveStreamsToHubAccount', () => {
  it("moves an older hub's streams from $G to HUB: messages, sequences and the inbox's position kept, then new messages flow through the quotas", async () => {
    const storeDir = join(dir, 'nats');
    // The older layout: no accounts, every stream in $G.
    const old = await startNats({ storeDir });
    const bus = await connectBus({ servers: old.url });
    await ensureStream(bus);
    await ensureInboxConsumer(bus, 'la-mlsw');
    for (let i = 0; i < 5; i++) await bus.js.publish('mou.v1.msg.la-mlsw.th-msdhs', new TextEncoder().encode(`old ${i}`));
    const inbox = await bus.js.consumers.get(STREAM, 'inbox-la-mlsw');
    for (let i = 0; i < 2; i++) await (await inbox.next({ expires: 2_000 }))!.ackAck();
    await bus.close();
    await old.stop();

    expect(moveStreamsToHubAccount(storeDir)).toBe(true);
    expect(moveStreamsToHubAccount(storeDir)).toBe(false); // done once

    const hub = await startNats({ storeDir, config: natsAuthorization(snapshot, users, { bcryptCost: 4 }) });
    try {
      const admin = await connectBus({ servers: hub.url, user: 'admin', pass: users.admin.password });
      await ensureStream(admin, { senders: brokerSenders(snapshot) });
      expect((await (await admin.jsm()).streams.info(STREAM)).state).toMatchObject({ messages: 5, last_seq: 5 });
      expect(await consumerPending(admin, 'inbox-la-mlsw')).toBe(3);
      const th = await connectBus({ servers: hub.url, user: 'th-msdhs', pass: users.agencies['th-msdhs']!.password, inboxPrefix: '_INBOX_th-msdhs' });
      await th.js.publish('mou.v1.out.la-mlsw.th-msdhs', new TextEncoder().encode('new'));
      const la = await connectBus({ servers: hub.url, user: 'la-mlsw', pass: users.agencies['la-mlsw']!.password, inboxPrefix: '_INBOX_la-mlsw' });
      const next = await la.js.consumers.get(STREAM, 'inbox-la-mlsw');
      const got: string[] = [];
      for (let i = 0; i < 4; i++) {
        const m = await next.next({ expires: 5_000 });
        got.push(new TextDecoder().decode(m!.data));
        await m!.ackAck();
      }
      expect(got).toEqual(['old 2', 'old 3', 'old 4', 'new']);
      await Promise.all([admin.close(), th.close(), la.close()]);
    } finally {
      await hub.stop();
    }
  });
});
