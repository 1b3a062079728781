import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Encryption at rest for victim data kept in the agency's SQLite: a copy of the database taken
 * without the key folder reveals no body text. Metadata (ids, types, dates) stays in clear.
 */
export interface AtRest {
  /** Encrypts text for storage: `ar1:<base64url(iv | tag | ciphertext)>`, a fresh IV each call. */
  seal(plain: string): string;
  /** Decrypts a `seal` result; throws {@link AtRestError} on anything else or on a wrong key. */
  open(sealed: string): string;
}

/** Stable codes of {@link AtRestError}. */
export type AtRestErrorCode = 'not-sealed' | 'tampered' | 'bad-key-file' | 'key-file-exposed';

/** The one error type of encryption at rest. */
export class AtRestError extends Error {
  override readonly name = 'AtRestError';
  constructor(
    readonly code: AtRestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Version prefix: a later scheme (new key, new cipher) gets `ar2:` and both are read. */
export const SEALED_PREFIX = 'ar1:';
/** The key file's name inside the key folder when none is given. */
export const AT_REST_KEY_FILE = 'at-rest.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True when `value` is a `seal` result (of any version this code reads). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/**
 * Opens a column an older version wrote in clear and this one seals (`sealClearValues` seals
 * those at the next start): sealed values are opened, clear ones read as they are.
 *
 * @example
 * openSealedOrClear(atRest, row.digest); // 'sha256:…'
 */
export function openSealedOrClear(atRest: AtRest, value: string): string {
  return isSealed(value) ? atRest.open(value) : value;
}

/**
 * AES-256-GCM with `key` (32 bytes). Use {@link loadAtRest} in the node; this is for tests and tools.
 * @example const atRest = atRestWithKey(randomBytes(32)); atRest.open(atRest.seal('x')) === 'x';
 */
export function atRestWithKey(key: Uint8Array): AtRest {
  if (key.length !== KEY_BYTES) throw new AtRestError('bad-key-file', `the at-rest key must be ${KEY_BYTES} bytes, not ${key.length}`);
  const k = Buffer.from(key);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
    },
    open(sealed) {
      if (!isSealed(sealed)) throw new AtRestError('not-sealed', 'the value is not sealed with a known at-rest version');
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new AtRestError('tampered', 'the sealed value is too short');
      const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new AtRestError('tampered', 'the sealed value does not open with this key (altered, or another key)');
      }
    },
  };
}

/**
 * The at-rest sealer of an agency's node: its key file `<agency>.at-rest.key` sits in the folder
 * of the agency's private keys (never beside the database), created on first start.
 * @example const atRest = nodeAtRest(config.agency, config.keyFiles);
 */
export function nodeAtRest(agency: string, keyFiles: readonly string[]): AtRest {
  const first = keyFiles[0];
  if (!first) throw new AtRestError('bad-key-file', 'no key folder: the configuration lists no key files');
  return loadAtRest(dirname(first), `${agency}.at-rest.key`);
}

/**
 * Loads the node's at-rest key from `keyDir/fileName`, creating it (32 random bytes, mode 0600,
 * folder 0700) on first start. Refuses a key file that is not 32 bytes or that others may read.
 * @example const atRest = loadAtRest('.data/keys', 'th-msdhs.at-rest.key');
 */
export function loadAtRest(keyDir: string, fileName = AT_REST_KEY_FILE): AtRest {
  const path = join(keyDir, fileName);
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': two nodes starting at once never both write a key; the loser reads the winner's.
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES));
      if ((fstatSync(fd).mode & 0o077) !== 0) throw new AtRestError('key-file-exposed', `${path} was created readable by others`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new AtRestError('key-file-exposed', `${path} is readable by other users: chmod 600 it (and think whether it leaked)`);
  }
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) throw new AtRestError('bad-key-file', `${path} must hold exactly ${KEY_BYTES} bytes, not ${key.length}`);
  return atRestWithKey(key);
}
