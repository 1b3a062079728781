import { randomBytes } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import type { PublicJwk } from '../directory/schema.ts';
import { SealError } from '../errors.ts';
import { sha256Digest } from '../envelope/hash.ts';
import { importPublicKey } from '../keys/import.ts';
import { agencyOfKid } from '../names.ts';

/**
 * Encrypts `{"salt","body"}` to the recipient's X25519 key (ECDH-ES+A256KW, A256GCM, the key's
 * kid in the protected header) and answers the JWE with the digest of the exact plaintext.
 *
 * @example
 * const { jwe, digest } = await encryptBody({ text: 'hello' }, 'la-mlsw', laEncKey);
 */
export async function encryptBody(body: unknown, to: string, recipientKey: PublicJwk | undefined) {
  if (!recipientKey || recipientKey.crv !== 'X25519') throw new SealError('a business type needs the recipient X25519 key', [{ path: 'recipientKey', message: 'X25519' }]);
  if (agencyOfKid(recipientKey.kid) !== to) throw new SealError(`${recipientKey.kid} does not belong to ${to}`, [{ path: 'to', message: 'recipient key' }]);
  // The salt keeps the digest from confirming a guessed body.
  const plaintext = new TextEncoder().encode(JSON.stringify({ salt: randomBytes(16).toString('base64url'), body }));
  const jwe = await new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: recipientKey.kid })
    .encrypt(await importPublicKey(recipientKey));
  return { jwe, digest: sha256Digest(plaintext) };
}
