import { CompactSign } from 'jose';
import * as v from 'valibot';
import { ProtocolError } from '../errors.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { importPrivateKey } from '../keys/import.ts';
import type { PrivateJwk } from '../keys/jwk.ts';
import { DirectorySnapshotSchema } from './schema.ts';
import type { DirectorySnapshot } from './schema.ts';

/** `typ` of a signed directory's protected header. */
export const DIRECTORY_TYP = 'mou-directory+jws';

/**
 * Signs a snapshot: a compact JWS with header `{"alg":"EdDSA","kid":…,"typ":"mou-directory+jws"}`.
 * The key is either a root key itself (tests, an emergency) or the directory's online signing
 * key, whose root-signed `certificate` (certifySigningKey) then rides in the header as `cert`,
 * so a node that pins only the root can verify the chain. Throws `ProtocolError` if the
 * snapshot is not valid or the key is not Ed25519.
 *
 * @example
 * const jws = await signDirectory(snapshot, signingKey, certificate);
 * await kv.put('current', jws);
 */
export async function signDirectory(snapshot: DirectorySnapshot, privateJwk: PrivateJwk, certificate?: string): Promise<string> {
  const r = v.safeParse(DirectorySnapshotSchema, snapshot);
  if (!r.success) throw new ProtocolError('directory-invalid', describeIssues(fieldIssues(r.issues)), fieldIssues(r.issues));
  if (privateJwk.crv !== 'Ed25519') throw new ProtocolError('key-invalid', 'a directory signing key is Ed25519');
  const key = await importPrivateKey(privateJwk);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(r.output)))
    .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid, typ: DIRECTORY_TYP, ...(certificate ? { cert: certificate } : {}) })
    .sign(key);
}
