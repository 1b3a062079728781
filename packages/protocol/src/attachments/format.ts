import { createHash, hkdfSync } from 'node:crypto';
import { AttachmentError } from './errors.ts';

/**
 * The attachment file format, version 1 (described in the protocol README):
 *
 * ```
 * header  magic "MOUATT1\n" | chunk size u32 BE | ephemeral X25519 public key (32)
 *         | stanza count u8 | per stanza: kid length u8, kid (UTF-8), wrapped file key (48)
 * chunks  AES-256-GCM(payload key, nonce = counter u88 BE | last flag u8) of chunk-size
 *         plaintext bytes (the last chunk 0..chunk size), each followed by its 16-byte tag
 * ```
 *
 * A stanza's wrap key is HKDF-SHA256(X25519(ephemeral, recipient), salt = ephemeral public key
 * | recipient public key, info = "mou-att/v1 wrap"); the file key is wrapped with AES-256-GCM
 * under an all-zero nonce (each wrap key is used once). The payload key is
 * HKDF-SHA256(file key, salt = SHA-256(header), info = "mou-att/v1 payload"), so a changed
 * header changes every chunk's key.
 */
export const MAGIC = Buffer.from('MOUATT1\n', 'latin1');
/** Plaintext bytes per chunk when the sender does not choose. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** Bounds on a chunk size a reader accepts, so a header cannot make it buffer gigabytes. */
export const MIN_CHUNK_SIZE = 1024;
export const MAX_CHUNK_SIZE = 1024 * 1024;
/** At most this many recipients (the counterpart and the sender itself, in practice). */
export const MAX_STANZAS = 8;
export const TAG_BYTES = 16;
export const KEY_BYTES = 32;
const WRAPPED_BYTES = KEY_BYTES + TAG_BYTES;
const WRAP_INFO = Buffer.from('mou-att/v1 wrap');
const PAYLOAD_INFO = Buffer.from('mou-att/v1 payload');

/**
 * The most ciphertext a file of `plainSize` plaintext bytes can take in this format: the
 * longest header (every stanza, the longest kids) and a tag per smallest chunk. A recipient
 * stops reading a received file past it, before any check: the bytes cannot be the file named.
 *
 * @example
 * maxCiphertextBytes(20 * 1024 * 1024); // 20 MiB + 2,477 + 20,481 × 16
 */
export function maxCiphertextBytes(plainSize: number): number {
  const header = MAGIC.length + 4 + KEY_BYTES + 1 + MAX_STANZAS * (1 + 255 + WRAPPED_BYTES);
  return header + plainSize + (Math.floor(plainSize / MIN_CHUNK_SIZE) + 1) * TAG_BYTES;
}

/** One recipient's copy of the file key. */
export interface Stanza {
  kid: string;
  wrapped: Buffer;
}

/** A parsed header and its exact bytes. */
export interface Header {
  chunkSize: number;
  epk: Buffer;
  stanzas: Stanza[];
  bytes: Buffer;
}

/** The header's bytes. */
export function encodeHeader(chunkSize: number, epk: Buffer, stanzas: readonly Stanza[]): Buffer {
  const parts: Buffer[] = [MAGIC, u32(chunkSize), epk, Buffer.from([stanzas.length])];
  for (const s of stanzas) {
    const kid = Buffer.from(s.kid, 'utf8');
    parts.push(Buffer.from([kid.length]), kid, s.wrapped);
  }
  return Buffer.concat(parts);
}

/**
 * Parses a header at the start of `buf`: the header, `'more'` when `buf` is too short to
 * tell, or throws `attachment-malformed`.
 */
export function parseHeader(buf: Buffer): Header | 'more' {
  let at = 0;
  const need = (n: number): boolean => buf.length >= at + n;
  if (!need(MAGIC.length + 4 + KEY_BYTES + 1)) {
    if (!MAGIC.subarray(0, Math.min(buf.length, MAGIC.length)).equals(buf.subarray(0, MAGIC.length))) malformed('magic');
    return 'more';
  }
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) malformed('magic');
  at = MAGIC.length;
  const chunkSize = buf.readUInt32BE(at);
  at += 4;
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) malformed('chunk-size');
  const epk = buf.subarray(at, at + KEY_BYTES);
  at += KEY_BYTES;
  const count = buf[at++]!;
  if (count < 1 || count > MAX_STANZAS) malformed('stanza-count');
  const stanzas: Stanza[] = [];
  for (let i = 0; i < count; i++) {
    if (!need(1)) return 'more';
    const kidLength = buf[at]!;
    if (kidLength === 0) malformed('kid');
    if (!need(1 + kidLength + WRAPPED_BYTES)) return 'more';
    const kid = buf.subarray(at + 1, at + 1 + kidLength).toString('utf8');
    at += 1 + kidLength;
    stanzas.push({ kid, wrapped: Buffer.from(buf.subarray(at, at + WRAPPED_BYTES)) });
    at += WRAPPED_BYTES;
  }
  return { chunkSize, epk: Buffer.from(epk), stanzas, bytes: Buffer.from(buf.subarray(0, at)) };
}

/** The key that wraps the file key for one recipient. */
export function wrapKey(shared: Buffer, epk: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipientPublic]), WRAP_INFO, KEY_BYTES));
}

/** The key of every chunk, bound to the exact header bytes. */
export function payloadKey(fileKey: Buffer, header: Buffer): Buffer {
  const salt = createHash('sha256').update(header).digest();
  return Buffer.from(hkdfSync('sha256', fileKey, salt, PAYLOAD_INFO, KEY_BYTES));
}

/** Nonce of chunk `counter`: 11 bytes of counter, then 1 when it is the last chunk. */
export function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(counter, 5, 6); // 2^48 chunks is far past any size we accept
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** The all-zero nonce of a key wrap: each wrap key encrypts exactly one file key. */
export const WRAP_NONCE = Buffer.alloc(12);

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function malformed(what: string): never {
  throw new AttachmentError('attachment-malformed', { what });
}
