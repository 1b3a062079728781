import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.ts';
import { consumeInbox } from './consume.ts';
import { consumerPending, ensureInboxConsumer, INBOX_MAX_DELIVER } from './consumers.ts';
import { nakDelayFor, type Delivery } from './delivery.ts';
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

  /** Sends `poison` then `next`, and consumes the inbox with a handler that naks the poison every time. */
  async function poisonThenNext(opts: { lastTry?: number } = {}) {
    await send('poison');
    await send('next');
    const seen: { id: string; count: number; final: boolean }[] = [];
    const inbox = consumeInbox(
      bus,
      AGENCY,
      async (d) => {
        seen.push({ id: d.msgId!, count: d.deliveryCount, final: d.final });
        return d.msgId === 'poison' ? 'nak' : 'ack';
      },
      { nakDelayMs: 20, maxMessages: 1, ...opts },
    );
    return { seen, inbox };
  }

  it('marks the inbox\'s last try final by its own count, and leaves the broker without a delivery limit', async () => {
    const info = await (await bus.jsm()).consumers.info('MOU_V1', inboxConsumerName(AGENCY));
    // nats-server 2.9.10 counts deliveries that never arrived: a broker-side limit loses messages (issue 18).
    expect(info.config.max_deliver).toBe(-1);
    const { seen, inbox } = await poisonThenNext({ lastTry: 3 });
    // A nak on the final try (a quarantine that could not be written) still brings it back.
    await until(() => seen.filter((s) => s.id === 'poison').length === 4 && seen.some((s) => s.id === 'next'));
    await inbox.stop();
    expect(seen.filter((s) => s.id === 'poison').slice(0, 4)).toEqual([
      { id: 'poison', count: 1, final: false },
      { id: 'poison', count: 2, final: false },
      { id: 'poison', count: 3, final: true },
      { id: 'poison', count: 4, final: true },
    ]);
  });

  it('marks the broker\'s last delivery final when an operator set max_deliver; a nak then ends the redelivery', async () => {
    await (await bus.jsm()).consumers.update('MOU_V1', inboxConsumerName(AGENCY), { max_deliver: 3 });
    const { seen, inbox } = await poisonThenNext();
    await until(() => seen.filter((s) => s.id === 'poison').length === 3 && seen.some((s) => s.id === 'next'));
    await until(async () => (await consumerPending(bus, inboxConsumerName(AGENCY))) === 0);
    await new Promise((r) => setTimeout(r, 300)); // no fourth try comes
    await inbox.stop();
    expect(seen.filter((s) => s.id === 'poison')).toEqual([
      { id: 'poison', count: 1, final: false },
      { id: 'poison', count: 2, final: false },
      { id: 'poison', count: 3, final: true },
    ]);
  });

  it('doubles the nak delay on each try, up to a minute', () => {
    expect([1, 2, 3, 6, 12].map((n) => nakDelayFor(n, 2_000))).toEqual([2_000, 4_000, 8_000, 60_000, 60_000]);
    expect(nakDelayFor(1, 90_000)).toBe(90_000);
  });

  it('lifts an older consumer\'s broker-side delivery limit', async () => {
    await (await bus.jsm()).consumers.update('MOU_V1', inboxConsumerName(AGENCY), { max_deliver: INBOX_MAX_DELIVER });
    const info = await ensureInboxConsumer(bus, AGENCY);
    expect(info.config.max_deliver).toBe(-1);
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
