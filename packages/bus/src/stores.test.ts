import { startNats, type NatsServer } from '@mou-hub/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.ts';
import { directoryKv, openKv } from './stores.ts';
import { DIRECTORY_KEY } from './subjects.ts';

let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
});

afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

describe('KV', () => {
  it('puts, gets and watches the directory', async () => {
    const kv = await directoryKv(bus, { create: true });
    const watch = await kv.watch({ key: DIRECTORY_KEY });
    await kv.put(DIRECTORY_KEY, 'v1');
    await kv.put(DIRECTORY_KEY, 'v2');
    const values: string[] = [];
    for await (const entry of watch) {
      values.push(entry.string());
      if (values.length === 2) break;
    }
    watch.stop();
    expect(values).toEqual(['v1', 'v2']);
    const bound = await directoryKv(bus);
    expect((await bound.get(DIRECTORY_KEY))?.string()).toBe('v2');
  });

  it('keeps the requested history', async () => {
    const kv = await openKv(bus, 'hist', { create: true, history: 3 });
    for (const v of ['1', '2', '3', '4']) await kv.put('k', v);
    const seen: string[] = [];
    for await (const e of await kv.history({ key: 'k' })) seen.push(e.string());
    expect(seen).toEqual(['2', '3', '4']);
  });
});
