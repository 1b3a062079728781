import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusError } from './bus-error.ts';
import { connectBus, type Bus } from './connect.ts';
import { consumeInbox } from './consume.ts';
import { ensureInboxConsumer } from './consumers.ts';
import type { Delivery } from './delivery.ts';
import { publishMessage } from './publish.ts';
import { inboxPosition, rewindInboxConsumer } from './rewind.ts';
import { ensureStream } from './stream.ts';
import { inboxConsumerName, STREAM } from './subjects.ts';

const AGENCY = 'la-mlsw';
let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureStream(bus);
  await ensureInboxConsumer(bus, AGENCY);
});
afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

const until = async (check: () => boolean | Promise<boolean>) => {
  for (const deadline = Date.now() + 20_000; !(await check()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
  }
};

/** Consumes until `count` messages were handed over, then stops; returns their sequences. */
async function take(count: number): Promise<number[]> {
  const seen: Delivery[] = [];
  const inbox = consumeInbox(bus, AGENCY, async (d) => (seen.push(d), 'ack'));
  await until(() => seen.length >= count);
  await inbox.stop();
  return seen.map((d) => d.streamSeq);
}

describe('inbox position and rewind', () => {
  it('reads the acked position, then rewinds so the messages after it come again, with the same settings', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await publishMessage(bus, { to: AGENCY, from: 'th-msdhs', id, data: id });
    // Another agency's message in between is not this inbox's.
    await publishMessage(bus, { to: 'th-msdhs', from: AGENCY, id: 'x', data: 'x' });
    expect(await take(5)).toEqual([1, 2, 3, 4, 5]);
    // The floor passes over the other agency's message too: nothing of this inbox is left before 7.
    await until(async () => (await inboxPosition(bus, AGENCY)).ackedThrough === 6);
    expect(await inboxPosition(bus, AGENCY)).toEqual({ durable: inboxConsumerName(AGENCY), ackedThrough: 6, pending: 0, waiting: 0 });

    await rewindInboxConsumer(bus, AGENCY, 3);
    expect(await take(3)).toEqual([3, 4, 5]);
    const info = await (await bus.jsm()).consumers.info(STREAM, inboxConsumerName(AGENCY));
    expect(info.config).toMatchObject({ filter_subject: `mou.v1.msg.${AGENCY}.>`, max_deliver: -1, ack_wait: 10_000_000_000 });
  });

  it('refuses to rewind a consumer a node is reading, and a bad sequence', async () => {
    const inbox = consumeInbox(bus, AGENCY, async () => 'ack');
    try {
      await until(async () => (await inboxPosition(bus, AGENCY)).waiting > 0);
      await expect(rewindInboxConsumer(bus, AGENCY, 1)).rejects.toThrow(/stop the node first/);
    } finally {
      await inbox.stop();
    }
    await expect(rewindInboxConsumer(bus, AGENCY, 0)).rejects.toBeInstanceOf(BusError);
    await expect(inboxPosition(bus, 'vn-mps')).rejects.toMatchObject({ code: 'not-found' });
  });
});
