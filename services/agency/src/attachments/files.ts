import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  decryptAttachment,
  encryptAttachment,
  maxCiphertextBytes,
  type AttachmentKeyLookup,
  type AttachmentRecipient,
} from '@mou-hub/protocol';

/**
 * The folder of a node's attachment files, beside its database, made 0700. Every file in it is
 * ciphertext (the attachment format), readable only with the node's own X25519 key.
 */
export function attachmentFolder(database: string): string {
  const dir = join(dirname(database), 'attachments');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The file of attachment `name` (`sha256:<base64url>`) in `dir`. */
export function attachmentFile(dir: string, name: string): string {
  return join(dir, `${name.replace(/^sha256:/, '')}.att`);
}

/** A temp file in `dir`, renamed into place only when whole and checked. */
const tempFile = (dir: string): string => join(dir, `.tmp-${randomBytes(8).toString('hex')}`);

/** A pass-through that hashes (SHA-256) and counts what flows. */
export function hashTap(): Transform & { digest(): string; bytes(): number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return Object.assign(tap, { digest: () => (digest ??= `sha256:${hash.digest('base64url')}`), bytes: () => bytes });
}

/** What {@link sealToFile} wrote. */
export interface SealedFile {
  /** `sha256:` of the ciphertext. */
  name: string;
  /** `sha256:` of the plaintext. */
  digest: string;
  /** Plaintext bytes. */
  size: number;
}

/**
 * Encrypts a plaintext stream to `recipients` into `dir`, streaming (one chunk in memory),
 * and names the file by its ciphertext's SHA-256. Refuses past `maxBytes` (`attachment-too-large`)
 * and leaves nothing behind on any failure.
 */
export async function sealToFile(dir: string, plain: Readable, recipients: readonly AttachmentRecipient[], maxBytes: number): Promise<SealedFile> {
  const tmp = tempFile(dir);
  const plainTap = hashTap();
  const cipherTap = hashTap();
  try {
    await pipeline(plain, plainTap, encryptAttachment(recipients, { maxBytes }), cipherTap, createWriteStream(tmp, { mode: 0o600 }));
    const name = cipherTap.digest();
    await rename(tmp, attachmentFile(dir, name));
    return { name, digest: plainTap.digest(), size: plainTap.bytes() };
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a received ciphertext stream to a temp file, checks that it decrypts with this
 * node's keys to `expect` (digest and size), then moves it into place. Stops writing past the
 * most ciphertext a file of `expect.size` can take (`maxCiphertextBytes`): a sender cannot fill
 * the disk before the check. Throws the decryption's `AttachmentError`, or
 * `Error('digest-mismatch' | 'size-mismatch')`.
 */
export async function receiveToFile(
  dir: string,
  name: string,
  ciphertext: Readable,
  findKey: AttachmentKeyLookup,
  expect: { digest: string; size: number },
): Promise<void> {
  const tmp = tempFile(dir);
  try {
    await pipeline(ciphertext, byteCap(maxCiphertextBytes(expect.size)), createWriteStream(tmp, { mode: 0o600 }));
    const tap = hashTap();
    await pipeline(createReadStream(tmp), decryptAttachment(findKey, { maxBytes: expect.size }), tap, discard());
    if (tap.bytes() !== expect.size) throw new Error('size-mismatch');
    if (tap.digest() !== expect.digest) throw new Error('digest-mismatch');
    await rename(tmp, attachmentFile(dir, name));
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** The plaintext of a stored attachment, decrypted as it is read. */
export function openFile(dir: string, name: string, findKey: AttachmentKeyLookup): Readable {
  const out = decryptAttachment(findKey);
  pipeline(createReadStream(attachmentFile(dir, name)), out).catch((error: Error) => out.destroy(error));
  return out;
}

/** A pass-through that fails with `size-mismatch` once more than `limit` bytes have flowed. */
export function byteCap(limit: number): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      bytes += chunk.length;
      done(bytes > limit ? new Error('size-mismatch') : null, bytes > limit ? undefined : chunk);
    },
  });
}

function discard(): Writable {
  return new Writable({ write: (_c, _e, done) => done() });
}
