import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Slots } from './slots.ts';

/** scrypt cost: N=2^15, r=8, p=1 (about 50 ms and 32 MiB here); stored with the hash. */
const COST = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * scrypt runs on libuv's thread pool (4 threads), the same pool that signs, verifies and
 * decrypts messages: a login flood must not take all of it. Two run at once, 32 may wait;
 * past that a password check refuses at once with `SlotsFullError` (answer 503, not 401).
 */
export const passwordSlots = new Slots(2, 32);

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return passwordSlots.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...opts, maxmem: 128 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

/**
 * Hashes a password with scrypt into a self-describing string.
 * @example const stored = await hashPassword('correct horse'); // 'scrypt$32768$8$1$<salt>$<hash>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored `hashPassword` string in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
