import { createHash, randomBytes } from 'node:crypto';
import { startNats, type NatsServer } from '@mou-hub/testkit';
import { headers } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentStreamUse, ensureAttachmentStream, ensureAttachmentStreams } from './attachment-stream.ts';
import { attachmentStreamName, attachmentSubject, legacyAttachmentStreamName } from './attachment-subjects.ts';
import { ATTACHMENT_PART_BYTES, getAttachment, putAttachment, removeAttachment } from './attachments.ts';
import { connectBus, type Bus } from './connect.ts';

let server: NatsServer;
let bus: Bus;
const nameOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('base64url')}`;
const to = 'la-mlsw';
const from = 'th-msdhs';

async function read(name: string, sender = from): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of getAttachment(bus, { to, from: sender, name })) parts.push(p);
  return Buffer.concat(parts);
}

async function* slices(b: Buffer, size = 100_000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

beforeAll(async () => {
  server = await startNats();
  bus = await connectBus({ servers: server.url });
  await ensureAttachmentStream(bus, to, from);
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

    it('message delete (purge is the recipient\'s alone, by the broker\'s permissions: infra/src/nats-auth-attachments.test.ts)', async () => {
      const jsm = await bus.jsm();
      await expect(jsm.streams.deleteMessage(attachmentStreamName(to, from), 1)).rejects.toThrow(/delete/i);
      expect((await read(nameOf(kept))).equals(kept)).toBe(true);
      const info = await jsm.streams.info(attachmentStreamName(to, from));
      expect(info.config).toMatchObject({ allow_rollup_hdrs: false, deny_delete: true, deny_purge: false, allow_direct: true });
    });
  });
});

describe('attachment lifecycle and quotas', () => {
  const recipient = 'vn-mps';
  const quota = 1024 ** 2; // 1 MiB: the default 256 MiB scaled down 256 times

  beforeAll(() => ensureAttachmentStreams(bus, recipient, ['la-mlsw', 'th-msdhs'], { maxBytes: quota }));

  it('removes a fetched attachment, so a year of files (1,000 of 20 MiB, scaled: 20 KiB each) passes through a quota of 50 of them', async () => {
    const at = { to: recipient, from: 'la-mlsw' };
    for (let i = 0; i < 1_000; i++) {
      const bytes = randomBytes(20 * 1024);
      const name = nameOf(bytes);
      await putAttachment(bus, { ...at, name }, slices(bytes), bytes.length);
      const parts: Uint8Array[] = [];
      for await (const p of getAttachment(bus, { ...at, name })) parts.push(p);
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      expect(await removeAttachment(bus, { ...at, name })).toBe(1);
    }
    expect(await attachmentStreamUse(bus, recipient, 'la-mlsw')).toEqual({ bytes: 0, maxBytes: quota });
    const gone = randomBytes(10);
    await expect(removeAttachment(bus, { ...at, name: nameOf(gone) })).resolves.toBe(0);
  }, 120_000);

  it('refuses a sender past its quota with `full`, and another sender\'s file still goes through', async () => {
    const flood = { to: recipient, from: 'la-mlsw' };
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) {
      const bytes = randomBytes(200 * 1024);
      await putAttachment(bus, { ...flood, name: nameOf(bytes) }, slices(bytes), bytes.length).catch((e: unknown) => (error = e));
    }
    expect(error).toMatchObject({ code: 'full' });
    const use = await attachmentStreamUse(bus, recipient, 'la-mlsw');
    expect(use.bytes).toBeGreaterThan(0.75 * quota);

    const other = randomBytes(3 * ATTACHMENT_PART_BYTES);
    await putAttachment(bus, { to: recipient, from: 'th-msdhs', name: nameOf(other) }, slices(other), other.length);
    const parts: Uint8Array[] = [];
    for await (const p of getAttachment(bus, { to: recipient, from: 'th-msdhs', name: nameOf(other) })) parts.push(p);
    expect(Buffer.concat(parts).equals(other)).toBe(true);
  });

  it('removes an empty stream from before per-pair quotas, and refuses one that still holds parts', async () => {
    const jsm = await bus.jsm();
    const legacy = (r: string) => jsm.streams.add({ name: legacyAttachmentStreamName(r), subjects: [`mou.v1.att.${r}.>`] });
    await legacy('cn-mps');
    await ensureAttachmentStreams(bus, 'cn-mps', ['la-mlsw']);
    await expect(jsm.streams.info(legacyAttachmentStreamName('cn-mps'))).rejects.toThrow(/not found/i);

    await legacy('th-rtp');
    await bus.js.publish('mou.v1.att.th-rtp.la-mlsw.x', new Uint8Array([1]));
    await expect(ensureAttachmentStreams(bus, 'th-rtp', ['la-mlsw'])).rejects.toMatchObject({ code: 'config-conflict' });
    expect((await jsm.streams.info(legacyAttachmentStreamName('th-rtp'))).state.messages).toBe(1);
  });
});
