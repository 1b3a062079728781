import * as v from 'valibot';
import { KeyId } from '../names.ts';
import type { PublicJwk } from '../directory/schema.ts';

const B64_32 = /^[A-Za-z0-9_-]{43}$/;

/** An agency's (or the Secretariat's) private key as stored on its own node: OKP, no `alg`. */
export const PrivateJwkSchema = v.strictObject({
  kty: v.literal('OKP'),
  /** `Ed25519` signs, `X25519` receives encrypted bodies. */
  crv: v.picklist(['Ed25519', 'X25519']),
  /** Public part. */
  x: v.pipe(v.string(), v.regex(B64_32, 'not a 32-byte base64url key')),
  /** Private part: never leaves the node. */
  d: v.pipe(v.string(), v.regex(B64_32, 'not a 32-byte base64url key')),
  /** `<agency id>#<label>`. */
  kid: KeyId,
});
export type PrivateJwk = v.InferOutput<typeof PrivateJwkSchema>;

/**
 * The public half of a private key, as the directory publishes it: no `d`, no `alg`.
 *
 * @example
 * const { sig } = await generateAgencyKeys('th-msdhs', '2026a');
 * publicJwk(sig); // { kty: 'OKP', crv: 'Ed25519', x: '…', kid: 'th-msdhs#sig-2026a' }
 */
export function publicJwk(priv: PrivateJwk | PublicJwk): PublicJwk {
  return { kty: 'OKP', crv: priv.crv, x: priv.x, kid: priv.kid };
}

/** The JOSE algorithm a key is imported for: EdDSA signatures or ECDH-ES key agreement. */
export function algOf(jwk: { crv: 'Ed25519' | 'X25519' }): 'EdDSA' | 'ECDH-ES+A256KW' {
  return jwk.crv === 'Ed25519' ? 'EdDSA' : 'ECDH-ES+A256KW';
}
