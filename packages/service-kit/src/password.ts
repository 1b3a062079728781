import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Slots } from './slots.ts';

/** scrypt's cost: N = 2^log2N, r, p. Stored with every hash, so older hashes still verify. */
export interface PasswordCost {
  log2N: number;
  r: number;
  p: number;
}

/**
 * N=2^17, r=8, p=1 (OWASP's scrypt minimum): 128 MiB and about 0.3-0.7 s per check here. Two
 * checks run at once ({@link passwordSlots}), so logins hold at most 256 MiB at a time.
 */
export const DEFAULT_PASSWORD_COST: PasswordCost = { log2N: 17, r: 8, p: 1 };

// A stored hash may not ask for more than this: a hostile or mistyped database row must not
// make one login allocate gigabytes (2^20 with r=8 is 1 GiB).
const MAX_LOG2N = 20;
const MIN_LOG2N = 10;
const KEY_LENGTH = 32;

/**
 * `MOU_SCRYPT_LOG2N` lowers (or raises) the cost of new hashes for tests and development, where
 * hundreds of officers are hashed at start; production leaves it unset.
 */
function costFromEnv(): PasswordCost {
  const raw = process.env['MOU_SCRYPT_LOG2N'];
  if (raw === undefined || raw === '') return DEFAULT_PASSWORD_COST;
  const log2N = Number(raw);
  if (!Number.isInteger(log2N) || log2N < MIN_LOG2N || log2N > MAX_LOG2N) {
    throw new Error(`MOU_SCRYPT_LOG2N must be an integer from ${MIN_LOG2N} to ${MAX_LOG2N}`);
  }
  return { ...DEFAULT_PASSWORD_COST, log2N };
}

let cost = costFromEnv();

/** The cost new hashes get (and that {@link needsRehash} compares with). */
export function passwordCost(): PasswordCost {
  return cost;
}

/**
 * Sets the cost of new hashes for this process: tests set a low one explicitly so that
 * hashing is quick; a hash of a higher cost still verifies at its own cost.
 * @example setPasswordCost({ log2N: 12 });
 */
export function setPasswordCost(next: Partial<PasswordCost>): void {
  const merged = { ...cost, ...next };
  if (!Number.isInteger(merged.log2N) || merged.log2N < MIN_LOG2N || merged.log2N > MAX_LOG2N) throw new Error(`log2N must be ${MIN_LOG2N}..${MAX_LOG2N}`);
  cost = merged;
}

/**
 * scrypt runs on libuv's thread pool (4 threads), the same pool that signs, verifies and
 * decrypts messages: a login flood must not take all of it. Two run at once, 32 may wait;
 * past that a password check refuses at once with `SlotsFullError` (answer 503, not 401).
 */
export const passwordSlots = new Slots(2, 32);

function derive(password: string, salt: Buffer, opts: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; maxmem is set just above it, never more than MAX_LOG2N allows.
  const maxmem = 128 * opts.N * opts.r + 4 * 1024 * 1024;
  return passwordSlots.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...opts, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return undefined;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  const log2N = Math.log2(N);
  if (!Number.isInteger(log2N) || log2N < MIN_LOG2N || log2N > MAX_LOG2N) return undefined;
  if (!Number.isInteger(R) || R < 1 || R > 16 || !Number.isInteger(P) || P < 1 || P > 4) return undefined;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

/**
 * Hashes a password with scrypt (at {@link passwordCost}, or the cost given) into a self-describing string.
 * @example const stored = await hashPassword('correct horse'); // 'scrypt$131072$8$1$<salt>$<hash>'
 */
export async function hashPassword(password: string, at: PasswordCost = cost): Promise<string> {
  const salt = randomBytes(16);
  const { log2N, r, p } = at;
  const key = await derive(password, salt, { N: 2 ** log2N, r, p });
  return ['scrypt', 2 ** log2N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored `hashPassword` string in constant time; a malformed or too costly string is `false`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, { N: parsed.N, r: parsed.r, p: parsed.p });
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash is cheaper than {@link passwordCost}: hash the password again at the next good login. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  return parsed.N < 2 ** cost.log2N || parsed.r < cost.r || parsed.p < cost.p;
}

/** A valid hash string at the current cost that no password matches: an unknown username costs as much as a wrong password. */
export function decoyHash(): string {
  const { log2N, r, p } = cost;
  return `scrypt$${2 ** log2N}$${r}$${p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}
