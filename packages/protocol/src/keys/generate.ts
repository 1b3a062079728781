import { exportJWK, generateKeyPair } from 'jose';
import * as v from 'valibot';
import { AgencyId } from '../names.ts';
import { ProtocolError } from '../errors.ts';
import type { PrivateJwk } from './jwk.ts';

const LABEL = /^[A-Za-z0-9._-]{1,56}$/;

async function generate(crv: 'Ed25519' | 'X25519', kid: string): Promise<PrivateJwk> {
  const alg = crv === 'Ed25519' ? 'EdDSA' : 'ECDH-ES+A256KW';
  const { privateKey } = await generateKeyPair(alg, { crv, extractable: true });
  const { x, d } = await exportJWK(privateKey);
  if (typeof x !== 'string' || typeof d !== 'string') throw new ProtocolError('key-invalid', 'export lost x or d');
  return { kty: 'OKP', crv, x, d, kid };
}

function checkLabel(label: string): void {
  if (!LABEL.test(label)) throw new ProtocolError('key-invalid', `label must match ${LABEL.source}`);
}

/**
 * Fresh keys for an agency: Ed25519 to sign envelopes, X25519 to receive bodies.
 *
 * @example
 * const { sig, enc } = await generateAgencyKeys('la-mlsw', '2026a');
 * sig.kid; // 'la-mlsw#sig-2026a'
 * enc.kid; // 'la-mlsw#enc-2026a'
 */
export async function generateAgencyKeys(
  agencyId: string,
  label: string,
): Promise<{ sig: PrivateJwk; enc: PrivateJwk }> {
  if (!v.is(AgencyId, agencyId)) throw new ProtocolError('key-invalid', 'not an agency id');
  checkLabel(label);
  const [sig, enc] = await Promise.all([
    generate('Ed25519', `${agencyId}#sig-${label}`),
    generate('X25519', `${agencyId}#enc-${label}`),
  ]);
  return { sig, enc };
}

/**
 * A fresh Secretariat root key, which signs directory snapshots.
 *
 * @example
 * const root = await generateRootKey('2026');
 * root.kid; // 'la-secretariat#root-2026'
 */
export function generateRootKey(label: string): Promise<PrivateJwk> {
  checkLabel(label);
  return generate('Ed25519', `la-secretariat#root-${label}`);
}

/**
 * A fresh online signing key for the directory service, certified by the root for a period
 * (certifySigningKey): the root itself stays offline.
 *
 * @example
 * const signing = await generateDirectorySigningKey('2026a');
 * signing.kid; // 'la-secretariat#directory-2026a'
 */
export function generateDirectorySigningKey(label: string): Promise<PrivateJwk> {
  checkLabel(label);
  return generate('Ed25519', `la-secretariat#directory-${label}`);
}
