import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, consumeInbox, ensureInboxConsumer, ensureStream, messageSubject, parseMessageSubject, publishMessage, type Bus } from '@mou-hub/bus';
import { SEED_AGENCY_IDS, seedSnapshot } from '@mou-hub/infra';
import { createKeyRing, Directory, exampleBodies, generateAgencyKeys, generateRootKey, open, publicJwk, seal, type OpenResult } from '@mou-hub/protocol';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { eventually } from '../support/api.ts';

let server: NatsServer;
let bus: Bus;
beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureStream(bus);
  await ensureInboxConsumer(bus, 'la-mlsw');
});
afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

describe('the wire, with no node in between', () => {
  it('seals a repatriation.request, carries it on mou.v1.msg.la-mlsw.th-msdhs through inbox-la-mlsw, and opens it equal', async () => {
    const keys = Object.fromEntries(await Promise.all(SEED_AGENCY_IDS.map(async (id) => [id, await generateAgencyKeys(id, '2026a')] as const)));
    const root = await generateRootKey('2026a');
    const directory = new Directory(
      seedSnapshot({
        keys: Object.fromEntries(Object.entries(keys).map(([id, k]) => [id, { sig: publicJwk(k.sig), enc: publicJwk(k.enc) }])),
        rootKeys: [publicJwk(root)],
        issued: new Date(Date.now() - 1_000).toISOString(),
      }),
    );
    const th = keys['th-msdhs']!;
    const la = keys['la-mlsw']!;
    const body = exampleBodies['repatriation.request'];
    const sealed = await seal(
      { type: 'repatriation.request', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'th', body, stats: { persons: 2, female: 2, minors: 1 } },
      { signer: createKeyRing([th.sig, th.enc]), recipientKey: directory.encryptionKeyFor('la-mlsw', new Date())! },
    );
    const ack = await publishMessage(bus, { to: 'la-mlsw', from: 'th-msdhs', id: sealed.id, data: sealed.jws });
    expect(ack.duplicate).toBe(false);
    // The same id again is dropped by JetStream's duplicate window.
    expect((await publishMessage(bus, { to: 'la-mlsw', from: 'th-msdhs', id: sealed.id, data: sealed.jws })).duplicate).toBe(true);

    const opened: { subject: string; msgId?: string; result: OpenResult }[] = [];
    const laKeys = createKeyRing([la.sig, la.enc]);
    const inbox = consumeInbox(bus, 'la-mlsw', async (d) => {
      opened.push({ subject: d.subject, msgId: d.msgId, result: await open(d.data, { self: 'la-mlsw', directory, keys: laKeys, subject: parseMessageSubject(d.subject) }) });
      return 'ack';
    });
    await eventually(async () => opened.length === 1);
    await inbox.stop();

    const [{ subject, msgId, result }] = opened as [(typeof opened)[number]];
    expect(subject).toBe(messageSubject('la-mlsw', 'th-msdhs'));
    expect(msgId).toBe(sealed.id);
    if (!result.ok || result.duplicate) throw new Error(`not opened: ${JSON.stringify(result)}`);
    expect(result.message.body).toEqual(body);
    expect(result.message.payload).toMatchObject({ id: sealed.id, thid: sealed.id, from: 'th-msdhs', to: 'la-mlsw', agreement: 'la-th', stats: { persons: 2, female: 2, minors: 1 } });
    expect(result.message.envelopeHash).toBe(sealed.envelopeHash);
    // The broker only ever held ciphertext: no name from the body is in the bytes it carried.
    expect(sealed.jws).not.toContain(JSON.stringify(body).slice(20, 60));
    const payloadText = Buffer.from(sealed.jws.split('.')[1]!, 'base64url').toString();
    for (const person of (body as { persons: { person: { givenName?: string } }[] }).persons) {
      if (person.person.givenName) expect(payloadText).not.toContain(person.person.givenName);
    }
  });
});
