import { agencyOfKid, type AgencyKey, type DirectorySnapshot } from '@mou-hub/protocol';
import { fail, ok, type ChangeResult } from './problem.ts';

/** Every kid in the directory, of every agency. */
export function allKids(snapshot: DirectorySnapshot): Set<string> {
  return new Set(snapshot.agencies.flatMap((a) => a.keys.map((k) => k.kid)));
}

/**
 * Checks a key an agency is to hold: the kid names the agency and matches the JWK, the use
 * matches the curve, the validity period is not empty, and the kid is new to the directory.
 */
export function checkNewKey(agencyId: string, key: AgencyKey, taken: ReadonlySet<string>): ChangeResult<AgencyKey> {
  if (agencyOfKid(key.kid) !== agencyId) return fail('invalid', `key id ${key.kid} must start with ${agencyId}#`);
  if (key.jwk.kid !== key.kid) return fail('invalid', `jwk.kid ${key.jwk.kid} differs from kid ${key.kid}`);
  const curve = key.use === 'sig' ? 'Ed25519' : 'X25519';
  if (key.jwk.crv !== curve) return fail('invalid', `a ${key.use} key is ${curve}, not ${key.jwk.crv}`);
  if (key.notAfter && Date.parse(key.notAfter) <= Date.parse(key.notBefore)) {
    return fail('invalid', `notAfter ${key.notAfter} is not after notBefore ${key.notBefore}`);
  }
  if (key.revokedAt) return fail('invalid', 'a new key cannot already be revoked');
  if (taken.has(key.kid)) return fail('conflict', `key id ${key.kid} is already in the directory`);
  return ok(key);
}
