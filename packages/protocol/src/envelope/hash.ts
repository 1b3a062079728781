import { createHash } from 'node:crypto';

/**
 * `sha256:` and the base64url SHA-256 of some bytes (strings are hashed as UTF-8).
 *
 * @example
 * sha256Digest('{"salt":"…","body":{}}'); // 'sha256:…'
 */
export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('base64url')}`;
}

/**
 * The hash a receipt quotes: of the exact JWS string received, as UTF-8 bytes.
 *
 * @example
 * envelopeHash(sealed.jws) === sealed.envelopeHash; // true
 */
export function envelopeHash(jws: string | Uint8Array): string {
  return sha256Digest(jws);
}
