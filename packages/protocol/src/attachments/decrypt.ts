import { createDecipheriv, createPublicKey, diffieHellman, KeyObject, type webcrypto } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { Transform, type TransformCallback } from 'node:stream';
import { AttachmentError } from './errors.ts';
import { chunkNonce, parseHeader, payloadKey, TAG_BYTES, WRAP_NONCE, wrapKey, type Header } from './format.ts';

/** Finds this agency's private X25519 key by kid (a `KeyRing`'s `decryptionKey` fits). */
export type AttachmentKeyLookup = (kid: string) => Promise<CryptoKey | KeyObject | undefined>;

/** Options of {@link decryptAttachment}. */
export interface DecryptAttachmentOptions {
  /** Refuse (`attachment-too-large`) past this many plaintext bytes. */
  maxBytes?: number;
}

/**
 * A Transform from the attachment format back to plaintext. Every chunk is authenticated
 * before its plaintext is pushed; a reordered, altered or cut stream fails with an
 * {@link AttachmentError} (`attachment-corrupt`, `attachment-truncated`, …). Plaintext already
 * pushed before such an error must be thrown away by the caller (write to a temp file, rename
 * on success). At most one chunk is held in memory.
 *
 * @example
 * await pipeline(fromStore, decryptAttachment((kid) => ring.decryptionKey(kid)), createWriteStream(tmp));
 */
export function decryptAttachment(findKey: AttachmentKeyLookup, opts: DecryptAttachmentOptions = {}): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let header: Header | undefined;
  let key: Buffer | undefined;
  let counter = 0;
  let total = 0;

  const open = (sealed: Buffer, last: boolean): Buffer | undefined => {
    if (sealed.length < TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key!, chunkNonce(counter, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return undefined;
    }
  };
  const emit = (t: Transform, plain: Buffer): void => {
    total += plain.length;
    if (opts.maxBytes !== undefined && total > opts.maxBytes) throw new AttachmentError('attachment-too-large', { maxBytes: opts.maxBytes });
    counter++;
    t.push(plain);
  };

  return new Transform({
    async transform(data: Buffer, _enc, done: TransformCallback) {
      try {
        buffered = buffered.length ? Buffer.concat([buffered, data]) : data;
        if (!header) {
          const parsed = parseHeader(buffered);
          if (parsed === 'more') return done();
          header = parsed;
          key = payloadKey(await unwrap(parsed, findKey), parsed.bytes);
          buffered = buffered.subarray(parsed.bytes.length);
        }
        const sealedSize = header.chunkSize + TAG_BYTES;
        // A full chunk is opened as "not last" only once a byte past it has arrived.
        while (buffered.length > sealedSize) {
          const plain = open(buffered.subarray(0, sealedSize), false);
          if (!plain) throw new AttachmentError('attachment-corrupt', { chunk: counter });
          emit(this, plain);
          buffered = buffered.subarray(sealedSize);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header) throw new AttachmentError(buffered.length ? 'attachment-truncated' : 'attachment-malformed', { what: 'header' });
        const plain = open(buffered, true);
        if (!plain && buffered.length === 0) throw new AttachmentError('attachment-truncated', { chunk: counter });
        if (!plain) {
          // A chunk that opens as "not last" means the stream was cut after it.
          throw new AttachmentError(open(buffered, false) ? 'attachment-truncated' : 'attachment-corrupt', { chunk: counter });
        }
        emit(this, plain);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

async function unwrap(header: Header, findKey: AttachmentKeyLookup): Promise<Buffer> {
  let held = false;
  const epk = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: header.epk.toString('base64url') }, format: 'jwk' });
  for (const stanza of header.stanzas) {
    const found = await findKey(stanza.kid);
    if (!found) continue;
    held = true;
    const privateKey = found instanceof KeyObject ? found : KeyObject.from(found as unknown as webcrypto.CryptoKey);
    const ownPublic = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
    const shared = diffieHellman({ privateKey, publicKey: epk });
    const decipher = createDecipheriv('aes-256-gcm', wrapKey(shared, header.epk, ownPublic), WRAP_NONCE);
    decipher.setAuthTag(stanza.wrapped.subarray(32));
    try {
      return Buffer.concat([decipher.update(stanza.wrapped.subarray(0, 32)), decipher.final()]);
    } catch {
      // Another stanza may still be ours (two keys of one agency during a rotation).
    }
  }
  throw new AttachmentError(held ? 'attachment-wrong-key' : 'attachment-no-key', { stanzas: header.stanzas.length });
}
