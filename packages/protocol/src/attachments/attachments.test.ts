import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAgencyKeys } from '../keys/generate.ts';
import { publicJwk } from '../keys/jwk.ts';
import { createKeyRing, type KeyRing } from '../keys/key-ring.ts';
import { attachmentRefs } from './ref.ts';
import { AttachmentError, decryptAttachment, encryptAttachment, maxCiphertextBytes } from './index.ts';

const CHUNK = 1024;
let la: KeyRing;
let th: KeyRing;
let other: KeyRing;
let laEnc: ReturnType<typeof publicJwk>;
let thEnc: ReturnType<typeof publicJwk>;

beforeAll(async () => {
  const [l, t, o] = await Promise.all([generateAgencyKeys('la-mlsw', 't'), generateAgencyKeys('th-msdhs', 't'), generateAgencyKeys('vn-mps', 't')]);
  la = createKeyRing([l.sig, l.enc]);
  th = createKeyRing([t.sig, t.enc]);
  other = createKeyRing([o.sig, o.enc]);
  laEnc = publicJwk(l.enc);
  thEnc = publicJwk(t.enc);
});

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

const encrypt = (plain: Buffer, chunkSize = CHUNK): Promise<Buffer> =>
  collect(Readable.from([plain]).pipe(encryptAttachment([laEnc, thEnc], { chunkSize })));

async function decrypt(sealed: Buffer, ring: KeyRing, maxBytes?: number): Promise<Buffer> {
  // Fed in odd slices, as a network would.
  const slices = [];
  for (let at = 0; at < sealed.length; at += 777) slices.push(sealed.subarray(at, at + 777));
  return collect(Readable.from(slices).pipe(decryptAttachment((kid) => ring.decryptionKey(kid), maxBytes ? { maxBytes } : {})));
}

const headerLength = (kidBytes: number[]): number => 8 + 4 + 32 + 1 + kidBytes.reduce((s, k) => s + 1 + k + 48, 0);

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AttachmentError);
    return (e as AttachmentError).code;
  }
  return 'accepted';
}

describe('attachment encryption', () => {
  it.each([
    ['empty', 0],
    ['under one chunk', 100],
    ['exactly one chunk', CHUNK],
    ['exactly three chunks', 3 * CHUNK],
    ['a few chunks and a bit', 5 * CHUNK + 17],
  ])('round-trips %s for the counterpart and for the sender itself', async (_name, size) => {
    const plain = randomBytes(size);
    const sealed = await encrypt(plain);
    expect(await decrypt(sealed, la)).toEqual(plain);
    expect(await decrypt(sealed, th)).toEqual(plain);
  });

  it.each([0, 1, 1023, 1024, 5 * 1024 + 3, 70_000])('bounds the ciphertext of %s bytes, at the smallest chunk and the default', async (size) => {
    const plain = randomBytes(size);
    for (const chunkSize of [1024, CHUNK]) expect((await encrypt(plain, chunkSize)).length).toBeLessThanOrEqual(maxCiphertextBytes(size));
    expect(maxCiphertextBytes(size)).toBeLessThan(size + 2_500 + (size / 1024 + 1) * 16 + 1);
  });

  it('is not deterministic: a fresh ephemeral key and file key per file', async () => {
    const plain = randomBytes(100);
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });

  describe('refuses', () => {
    let plain: Buffer;
    let sealed: Buffer;
    let start: number;
    const sealedChunk = CHUNK + 16;
    beforeAll(async () => {
      plain = randomBytes(4 * CHUNK + 10);
      sealed = await encrypt(plain);
      start = headerLength([Buffer.byteLength(laEnc.kid), Buffer.byteLength(thEnc.kid)]);
      expect(sealed.length).toBe(start + 4 * sealedChunk + 10 + 16);
    });

    it.each([
      ['cut after a whole chunk', () => sealed.subarray(0, start + 2 * sealedChunk), 'attachment-truncated'],
      ['cut inside a chunk', () => sealed.subarray(0, start + 2 * sealedChunk + 100), 'attachment-corrupt'],
      ['cut inside the header', () => sealed.subarray(0, 30), 'attachment-truncated'],
      ['cut right after the header', () => sealed.subarray(0, start), 'attachment-truncated'],
      ['the last chunk dropped', () => sealed.subarray(0, start + 4 * sealedChunk), 'attachment-truncated'],
      ['two chunks swapped', () => Buffer.concat([
        sealed.subarray(0, start),
        sealed.subarray(start + sealedChunk, start + 2 * sealedChunk),
        sealed.subarray(start, start + sealedChunk),
        sealed.subarray(start + 2 * sealedChunk),
      ]), 'attachment-corrupt'],
      ['a chunk repeated', () => Buffer.concat([sealed.subarray(0, start + sealedChunk), sealed.subarray(start)]), 'attachment-corrupt'],
      ['bytes appended after the last chunk', () => Buffer.concat([sealed, randomBytes(40)]), 'attachment-corrupt'],
      ['a flipped byte in a chunk', () => flip(sealed, start + 3 * sealedChunk + 5), 'attachment-corrupt'],
      ['a flipped byte in a tag', () => flip(sealed, sealed.length - 1), 'attachment-corrupt'],
      ['a flipped byte in the chunk size', () => flip(sealed, 10), 'attachment-corrupt'],
      ['a flipped byte in the ephemeral key', () => flip(sealed, 20), 'attachment-wrong-key'],
      ['a flipped byte in the magic', () => flip(sealed, 0), 'attachment-malformed'],
      ['no bytes at all', () => Buffer.alloc(0), 'attachment-malformed'],
    ])('%s', async (_name, mutate, code) => {
      expect(await refusal(decrypt(mutate(), la))).toBe(code);
    });

    it('a reader whose key the file was not encrypted to', async () => {
      expect(await refusal(decrypt(sealed, other))).toBe('attachment-no-key');
    });

    it('a stanza naming our kid but wrapped for another key', async () => {
      const forged = Buffer.from(sealed);
      const at = 8 + 4 + 32 + 1 + 1 + Buffer.byteLength(laEnc.kid) + 3;
      forged[at]! ^= 0xff; // la's wrapped file key
      expect(await refusal(decrypt(forged, la))).toBe('attachment-wrong-key');
      // th's stanza is untouched, but the header is bound into every chunk's key.
      expect(await refusal(decrypt(forged, th))).toBe('attachment-corrupt');
    });

    it('more plaintext than the reader allows', async () => {
      expect(await refusal(decrypt(sealed, la, 2 * CHUNK))).toBe('attachment-too-large');
    });

    it('more plaintext than the writer allows', async () => {
      const big = Readable.from([randomBytes(3 * CHUNK)]).pipe(encryptAttachment([laEnc], { chunkSize: CHUNK, maxBytes: CHUNK }));
      expect(await refusal(collect(big))).toBe('attachment-too-large');
    });

    it('a recipient key that is not X25519', () => {
      expect(() => encryptAttachment([{ ...laEnc, crv: 'Ed25519' }])).toThrow(AttachmentError);
    });
  });

  it('streams 20 MiB through encrypt and decrypt holding at most a few chunks', async () => {
    const total = 20 * 1024 * 1024;
    const piece = 256 * 1024;
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced >= total) return this.push(null);
        produced += piece;
        this.push(Buffer.alloc(piece, produced & 0xff));
      },
    });
    const expected = createHash('sha256');
    for (let at = piece; at <= total; at += piece) expected.update(Buffer.alloc(piece, at & 0xff));
    // The source may be at most a few pieces ahead of what reached the sink: nothing buffers the file.
    let consumed = 0;
    let maxAhead = 0;
    const seen = createHash('sha256');
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        consumed += chunk.length;
        maxAhead = Math.max(maxAhead, produced - consumed);
        seen.update(chunk);
        setImmediate(done);
      },
    });
    const ring = la;
    await pipeline(source, encryptAttachment([laEnc]), new Transform({ transform: (c, _e, d) => d(null, c) }), decryptAttachment((kid) => ring.decryptionKey(kid)), sink);
    expect(consumed).toBe(total);
    expect(seen.digest('hex')).toBe(expected.digest('hex'));
    expect(maxAhead).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('attachmentRefs', () => {
  const a = { name: `sha256:${'A'.repeat(43)}`, digest: `sha256:${'B'.repeat(43)}`, size: 10, mediaType: 'application/pdf' };
  const b = { ...a, name: `sha256:${'C'.repeat(43)}`, mediaType: 'image/jpeg' };
  it.each([
    ['none', { text: 'hi' }, []],
    ['one deep inside', { persons: [{ signatures: { form: a } }] }, [a]],
    ['a list, each name once', { evidence: [a, b, a] }, [a, b]],
    ['not a ref: a bare name', { id: a.name }, []],
  ])('%s', (_n, body, want) => {
    expect(attachmentRefs(body)).toEqual(want);
  });
});

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at]! ^= 0x01;
  return copy;
}
