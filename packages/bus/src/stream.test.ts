import { startNats, type NatsServer } from '@mou-hub/testkit';
import { DiscardPolicy, nanos, StorageType } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.ts';
import { DEFAULT_STREAM_MAX_BYTES, DEFAULT_STREAM_MAX_MESSAGE_BYTES, ensureStream, placed } from './stream.ts';
import { STREAM } from './subjects.ts';

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

describe('ensureStream limits', () => {
  it('bounds the stream by default: message size, total bytes, and new messages refused when full', async () => {
    // A stream made by an earlier version (no limits, discard old) is updated in place.
    const jsm = await bus.jsm();
    await jsm.streams.add({ name: STREAM, subjects: ['mou.v1.msg.>'], storage: StorageType.File, discard: DiscardPolicy.Old, max_bytes: -1, max_msg_size: -1, duplicate_window: nanos(600_000) });
    const info = await ensureStream(bus);
    expect(info.config.max_msg_size).toBe(DEFAULT_STREAM_MAX_MESSAGE_BYTES);
    expect(info.config.max_bytes).toBe(DEFAULT_STREAM_MAX_BYTES);
    // Full means refuse the newest, never drop a message a recipient has not read yet.
    expect(info.config.discard).toBe('new');
  });

  it('refuses a message over the size limit, and any message once the stream is full; the stored ones stay', async () => {
    await ensureStream(bus, { maxBytes: 64 * 1024, maxPayload: 8 * 1024 });
    const subject = 'mou.v1.msg.la-mlsw.th-msdhs';
    await expect(bus.js.publish(subject, new Uint8Array(9 * 1024))).rejects.toThrow(/message size exceeds maximum/i);
    let stored = 0;
    let refusal: unknown;
    for (let i = 0; i < 100 && !refusal; i++) {
      try {
        await bus.js.publish(subject, new Uint8Array(4 * 1024));
        stored++;
      } catch (error) {
        refusal = error;
      }
    }
    expect((refusal as { api_error?: { description: string } }).api_error?.description).toMatch(/maximum bytes exceeded/i);
    expect(stored).toBeGreaterThan(10);
    expect((await (await bus.jsm()).streams.info(STREAM)).state.messages).toBe(stored);
  });
});

describe('placed', () => {
  const refusal = (code: number) => Object.assign(new Error(`err ${code}`), { api_error: { err_code: code } });

  it('asks again while a new cluster has no peers to place a stream on (10005), and answers the result', async () => {
    let calls = 0;
    const result = await placed(async () => {
      calls++;
      if (calls < 3) throw refusal(10005);
      return 'created';
    });
    expect([result, calls]).toEqual(['created', 3]);
  });

  it('passes any other refusal on at once', async () => {
    let calls = 0;
    await expect(
      placed(async () => {
        calls++;
        throw refusal(10077);
      }),
    ).rejects.toThrow('err 10077');
    expect(calls).toBe(1);
  });
});
