import { importJWK } from 'jose';
import type { CryptoKey } from 'jose';
import type { PublicJwk } from '../directory/schema.ts';
import { algOf } from './jwk.ts';
import type { PrivateJwk } from './jwk.ts';

// Importing dominates the cost of one verify, so each key is imported once per process.
// Keyed by kid and x together: a kid re-published with another key is a different key.
const publicKeys = new Map<string, Promise<CryptoKey>>();

/**
 * Imports a public key for verification (Ed25519) or encryption (X25519), cached.
 *
 * @example
 * const key = await importPublicKey(directory.keyAt(kid, now).key.jwk);
 */
export function importPublicKey(jwk: PublicJwk): Promise<CryptoKey> {
  const cacheKey = `${jwk.kid}|${jwk.crv}|${jwk.x}`;
  let key = publicKeys.get(cacheKey);
  if (!key) {
    key = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, algOf(jwk)) as Promise<CryptoKey>;
    // A failed import is not cached: the next call tries again and throws again.
    key.catch(() => publicKeys.delete(cacheKey));
    publicKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * Imports a private key, non-extractable. Not cached here: a {@link KeyRing} holds them.
 *
 * @example
 * const key = await importPrivateKey(sig);
 */
export function importPrivateKey(jwk: PrivateJwk): Promise<CryptoKey> {
  const { kty, crv, x, d } = jwk;
  return importJWK({ kty, crv, x, d }, algOf(jwk), { extractable: false }) as Promise<CryptoKey>;
}
