import { createCipheriv, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AttachmentError } from './errors.ts';
import {
  chunkNonce,
  DEFAULT_CHUNK_SIZE,
  encodeHeader,
  KEY_BYTES,
  MAX_CHUNK_SIZE,
  MAX_STANZAS,
  MIN_CHUNK_SIZE,
  payloadKey,
  WRAP_NONCE,
  wrapKey,
  type Stanza,
} from './format.ts';

/** A recipient of an attachment: the public X25519 JWK of an agency, as the directory lists it. */
export interface AttachmentRecipient {
  kid: string;
  kty: string;
  crv: string;
  x: string;
}

/** Options of {@link encryptAttachment}. */
export interface EncryptAttachmentOptions {
  /** Plaintext bytes per chunk, 64 KiB by default. */
  chunkSize?: number;
  /** Refuse (`attachment-too-large`) past this many plaintext bytes. */
  maxBytes?: number;
}

/**
 * A Transform from plaintext to the attachment format, readable by every recipient (the
 * counterpart, and the sender itself so that it can read what it sent). A fresh ephemeral
 * X25519 key and file key per call; at most one chunk is held in memory.
 *
 * @example
 * await pipeline(createReadStream(path), encryptAttachment([counterpartKey, ownKey]), createWriteStream(out));
 */
export function encryptAttachment(recipients: readonly AttachmentRecipient[], opts: EncryptAttachmentOptions = {}): Transform {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new AttachmentError('attachment-malformed', { what: 'chunk-size' });
  }
  const unique = [...new Map(recipients.map((r) => [r.kid, r])).values()];
  if (unique.length < 1 || unique.length > MAX_STANZAS) throw new AttachmentError('attachment-key-invalid', { recipients: unique.length });

  const eph = generateKeyPairSync('x25519');
  const epk = rawPublic(eph.publicKey);
  const fileKey = randomBytes(KEY_BYTES);
  const stanzas: Stanza[] = unique.map((r) => {
    if (r.kty !== 'OKP' || r.crv !== 'X25519' || Buffer.from(r.x, 'base64url').length !== KEY_BYTES || Buffer.byteLength(r.kid) > 255) {
      throw new AttachmentError('attachment-key-invalid', { kid: r.kid });
    }
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: r.x }, format: 'jwk' });
    const shared = diffieHellman({ privateKey: eph.privateKey, publicKey });
    const cipher = createCipheriv('aes-256-gcm', wrapKey(shared, epk, Buffer.from(r.x, 'base64url')), WRAP_NONCE);
    const wrapped = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
    return { kid: r.kid, wrapped };
  });
  const header = encodeHeader(chunkSize, epk, stanzas);
  const key = payloadKey(fileKey, header);

  let counter = 0;
  let total = 0;
  let headerSent = false;
  const sendHeader = (t: Transform): void => {
    if (!headerSent) t.push(header);
    headerSent = true;
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(counter++, last));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };

  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      sendHeader(this);
      total += data.length;
      if (opts.maxBytes !== undefined && total > opts.maxBytes) return done(new AttachmentError('attachment-too-large', { maxBytes: opts.maxBytes }));
      pending.push(data);
      pendingBytes += data.length;
      // A full chunk goes out only once a byte past it has arrived: then it is not the last.
      while (pendingBytes > chunkSize) {
        const all = Buffer.concat(pending);
        this.push(seal(all.subarray(0, chunkSize), false));
        pending = [all.subarray(chunkSize)];
        pendingBytes -= chunkSize;
      }
      done();
    },
    flush(done: TransformCallback) {
      sendHeader(this);
      this.push(seal(Buffer.concat(pending), true));
      pending = [];
      done();
    },
  });
}

function rawPublic(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}
