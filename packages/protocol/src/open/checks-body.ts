import { compactDecrypt, decodeProtectedHeader } from 'jose';
import * as v from 'valibot';
import { validateBody } from '../bodies/index.ts';
import { sha256Digest } from '../envelope/hash.ts';
import { SealedBodySchema } from '../envelope/schema.ts';
import type { BusinessEnvelope, Envelope } from '../envelope/schema.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import { decodeCanonical, parseJson, utf8 } from './base64url.ts';
import type { CheckFailure } from './types.ts';

/**
 * The JWE protected header `seal` writes, and nothing else: no `zip` (jose would inflate a
 * small ciphertext into a large plaintext), no `crit`, `apu`, `apv`, `jku` or unknown member
 * that could change how the body is read.
 */
const JweHeaderSchema = v.strictObject({
  alg: v.literal('ECDH-ES+A256KW'),
  enc: v.literal('A256GCM'),
  kid: v.string(),
  epk: v.strictObject({ kty: v.literal('OKP'), crv: v.literal('X25519'), x: v.string() }),
});

/** Check 11: the JWE has the strict header, is for one of this agency's keys and decrypts; answers the plaintext bytes. */
export async function decryptBody(payload: BusinessEnvelope, keys: KeyRing): Promise<Uint8Array | CheckFailure> {
  const { jwe } = payload.body;
  if (!jwe.split('.').every((part) => decodeCanonical(part))) return { code: 'decrypt-failed', detail: 'a JWE part is not canonical base64url' };
  let header: unknown;
  try {
    header = decodeProtectedHeader(jwe);
  } catch {
    return { code: 'decrypt-failed', detail: 'JWE protected header does not parse' };
  }
  const strict = v.safeParse(JweHeaderSchema, header);
  if (!strict.success) return { code: 'decrypt-failed', detail: `JWE protected header: ${describeIssues(fieldIssues(strict.issues))}` };
  const { kid } = strict.output;
  const key = await keys.decryptionKey(kid);
  if (!key) return { code: 'decrypt-failed', detail: `JWE kid ${kid} is not one of ${payload.to}'s encryption keys` };
  try {
    const { plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: ['ECDH-ES+A256KW'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return plaintext;
  } catch {
    return { code: 'decrypt-failed', detail: `JWE does not decrypt with ${kid}` };
  }
}

/** Check 12: the plaintext's SHA-256 is the signed `digest`. */
export function checkDigest(plaintext: Uint8Array, digest: string): CheckFailure | undefined {
  return sha256Digest(plaintext) === digest ? undefined : { code: 'digest-mismatch', detail: 'plaintext does not hash to digest' };
}

/**
 * Check 13: the plaintext is `{"salt","body"}` (business types) and the body fits its type.
 * Details name paths and expectations only, never decrypted values.
 */
export function checkBody(payload: Envelope, plaintext: Uint8Array | undefined): { body: unknown; salt?: string } | CheckFailure {
  let body: unknown = payload.body;
  let salt: string | undefined;
  if (plaintext) {
    const sealed = v.safeParse(SealedBodySchema, parseJson(utf8(plaintext)));
    if (!sealed.success) return { code: 'schema-invalid', detail: `plaintext: ${describeIssues(fieldIssues(sealed.issues))}` };
    ({ body, salt } = sealed.output);
  }
  const r = validateBody(payload.type, body);
  if (!r.ok) return { code: 'schema-invalid', detail: `${payload.type} body: ${describeIssues(r.issues)}` };
  return salt === undefined ? { body: r.body } : { body: r.body, salt };
}
