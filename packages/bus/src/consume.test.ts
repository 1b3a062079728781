import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.ts';
import { consumeInbox } from './consume.ts';
import { consumerPending, ensureInboxConsumer } from './consumers.ts';
import type { Delivery } from './delivery.ts';
import { publishMessage } from './publish.ts';
import { ensureStream } from './stream.ts';
import { inboxConsumerName } from './subjects.ts';

const AGENCY = 'la-mlsw';
let server: NatsServer;
let bus: Bus;

beforeEach(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureStream(bus);
  await ensureInboxConsumer(bus, AGENCY);
});

afterEach(async () => {
  await bus?.close();
  await server?.stop();
});

const send = (id: string) => publishMessage(bus, { to: AGENCY, from: 'th-msdhs', id, data: id });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('consumeInbox', () => {
  it('hands over messages in order and acks them', async () => {
    const before = Date.now();
    for (const id of ['a', 'b', 'c']) await send(id);
    const seen: Delivery[] = [];
    const inbox = consumeInbox(bus, AGENCY, async (d) => {
      seen.push(d);
      return 'ack';
    });
    await until(() => seen.length === 3);
    await inbox.stop();
    expect(inbox.running()).toBe(false);
    expect(seen.map((d) => d.msgId)).toEqual(['a', 'b', 'c']);
    expect(seen.map((d) => d.streamSeq)).toEqual([1, 2, 3]);
    expect(seen[0]?.subject).toBe('mou.v1.msg.la-mlsw.th-msdhs');
    // The broker's timestamp, not the handler's clock.
    expect(seen[0]!.streamTime.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(seen[0]!.streamTime.getTime()).toBeLessThanOrEqual(seen[2]!.streamTime.getTime());
    expect(await consumerPending(bus, inboxConsumerName(AGENCY))).toBe(0);
  });

  it('with several in flight, starts handlers in order, acks each, and keeps taking new messages', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await send(id);
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inbox = consumeInbox(
      bus,
      AGENCY,
      async (d) => {
        started.push(d.msgId!);
        if (started.length <= 4) await gate; // the first four wait together
        return 'ack';
      },
      { inFlight: 8 },
    );
    await until(() => started.length === 4);
    release();
    for (const id of ['e', 'f', 'g']) await send(id);
    await until(() => started.length === 7);
    await until(async () => (await consumerPending(bus, inboxConsumerName(AGENCY))) === 0);
    await inbox.stop();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('redelivers after nak and after a throwing handler', async () => {
    await send('x');
    const counts: number[] = [];
    const inbox = consumeInbox(
      bus,
      AGENCY,
      async (d) => {
        counts.push(d.deliveryCount);
        if (d.deliveryCount === 1) return 'nak';
        if (d.deliveryCount === 2) throw new Error('boom');
        return 'ack';
      },
      { nakDelayMs: 50, onError: () => {} },
    );
    await until(() => counts.length === 3);
    await inbox.stop();
    expect(counts).toEqual([1, 2, 3]);
    expect(await consumerPending(bus, inboxConsumerName(AGENCY))).toBe(0);
  });

  it('keeps consuming across a server restart, each message once', async () => {
    const seqs: number[] = [];
    const inbox = consumeInbox(bus, AGENCY, async (d) => {
      seqs.push(d.streamSeq);
      return 'ack';
    });
    for (let i = 0; i < 10; i++) await send(`before-${i}`);
    await until(() => seqs.length === 10);

    await server.stop();
    await server.restart();
    await until(() => bus.isConnected());
    for (let i = 0; i < 10; i++) await send(`after-${i}`);
    await until(() => seqs.length >= 20);
    await inbox.stop();

    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await consumerPending(bus, inboxConsumerName(AGENCY))).toBe(0);
  });
});
