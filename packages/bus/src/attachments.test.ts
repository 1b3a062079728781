import { createHash, randomBytes } from 'node:crypto';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { headers } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAttachmentStream } from './attachment-stream.ts';
import { attachmentStreamName, attachmentSubject } from './attachment-subjects.ts';
import { ATTACHMENT_PART_BYTES, getAttachment, putAttachment } from './attachments.ts';
import { connectBus, type Bus } from './connect.ts';

let server: NatsServer;
let bus: Bus;
const nameOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('base64url')}`;
const to = 'la-mlsw';
const from = 'th-msdhs';

async function read(name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of getAttachment(bus, { to, from, name })) parts.push(p);
  return Buffer.concat(parts);
}

async function* slices(b: Buffer, size = 100_000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureAttachmentStream(bus, to);
});

afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

describe('attachments on the bus', () => {
  it.each([
    ['empty', 0],
    ['one part', 1000],
    ['exactly two parts', 2 * ATTACHMENT_PART_BYTES],
    ['a few MB', 3 * 1024 * 1024 + 7],
  ])('puts and gets %s by name', async (_n, size) => {
    const bytes = randomBytes(size);
    await putAttachment(bus, { to, from, name: nameOf(bytes) }, slices(bytes), size);
    expect((await read(nameOf(bytes))).equals(bytes)).toBe(true);
  });

  it('is idempotent: a second put (after a crash mid-put) reads back the same', async () => {
    const bytes = randomBytes(3 * ATTACHMENT_PART_BYTES + 5);
    const name = nameOf(bytes);
    // A first put that died after one part, outside the dedup window's help (other ids).
    const h = headers();
    h.set('Mou-Part', '0');
    h.set('Mou-Parts', '4');
    await bus.js.publish(attachmentSubject(to, from, name), bytes.subarray(0, ATTACHMENT_PART_BYTES), { headers: h });
    await putAttachment(bus, { to, from, name }, slices(bytes), bytes.length);
    expect((await read(name)).equals(bytes)).toBe(true);
  });

  it('says not-found, incomplete and corrupt', async () => {
    const bytes = randomBytes(2 * ATTACHMENT_PART_BYTES + 1);
    await expect(read(nameOf(bytes))).rejects.toMatchObject({ code: 'not-found' });

    const h = headers();
    h.set('Mou-Part', '0');
    h.set('Mou-Parts', '3');
    await bus.js.publish(attachmentSubject(to, from, nameOf(bytes)), bytes.subarray(0, ATTACHMENT_PART_BYTES), { headers: h });
    await expect(read(nameOf(bytes))).rejects.toMatchObject({ code: 'incomplete' });

    const other = randomBytes(100);
    const lying = nameOf(randomBytes(100));
    await putAttachment(bus, { to, from, name: lying }, slices(other), other.length);
    await expect(read(lying)).rejects.toMatchObject({ code: 'corrupt' });
  });

  describe('the stream refuses, whoever asks (here a user with every permission)', () => {
    const kept = randomBytes(ATTACHMENT_PART_BYTES + 10);
    beforeAll(() => putAttachment(bus, { to, from, name: nameOf(kept) }, slices(kept), kept.length));

    it.each(['all', 'sub'])('a put with Nats-Rollup: %s', async (rollup) => {
      const h = headers();
      h.set('Nats-Rollup', rollup);
      const err = await bus.js.publish(attachmentSubject(to, from, nameOf(kept)), new Uint8Array([1]), { headers: h }).catch((e: Error) => e);
      expect(String(err)).toMatch(/rollup/i);
      expect((await read(nameOf(kept))).equals(kept)).toBe(true);
    });

    it('purge and message delete', async () => {
      const jsm = await bus.jsm();
      await expect(jsm.streams.purge(attachmentStreamName(to))).rejects.toThrow(/purge/i);
      await expect(jsm.streams.purge(attachmentStreamName(to), { filter: attachmentSubject(to, from, nameOf(kept)) })).rejects.toThrow(/purge/i);
      await expect(jsm.streams.deleteMessage(attachmentStreamName(to), 1)).rejects.toThrow(/delete/i);
      expect((await read(nameOf(kept))).equals(kept)).toBe(true);
      const info = await jsm.streams.info(attachmentStreamName(to));
      expect(info.config).toMatchObject({ allow_rollup_hdrs: false, deny_delete: true, deny_purge: true, allow_direct: true });
    });
  });
});
