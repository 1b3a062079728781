import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusError } from './bus-error.ts';
import { connectBus, type Bus } from './connect.ts';
import { consumerPending, ensureInboxConsumer } from './consumers.ts';
import { publishMessage } from './publish.ts';
import { ensureStream } from './stream.ts';
import { inboxConsumerName } from './subjects.ts';

let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureStream(bus);
  await ensureStream(bus); // idempotent
  await ensureInboxConsumer(bus, 'th-msdhs');
  await ensureInboxConsumer(bus, 'th-msdhs');
});

afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

describe('publishMessage', () => {
  it('marks a repeated id as duplicate', async () => {
    const msg = { to: 'th-msdhs', from: 'la-mlsw', id: 'id-1', data: 'jws' };
    const first = await publishMessage(bus, msg);
    const second = await publishMessage(bus, msg);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    expect(await consumerPending(bus, inboxConsumerName('th-msdhs'))).toBe(1);
  });

  it('fails with a BusError when nothing stores the subject', async () => {
    const bad = publishMessage(bus, { to: 'a b', from: 'x', id: 'id-2', data: 'x' });
    await expect(bad).rejects.toBeInstanceOf(BusError);
  });

  it('refuses a duplicate window under 10 minutes', async () => {
    await expect(ensureStream(bus, { duplicateWindowMs: 60_000 })).rejects.toMatchObject({
      code: 'invalid-config',
    });
  });
});
