import { publicJwk, type Agency, type DirectorySnapshot, type PublicJwk } from '@mou-hub/protocol';
import { SEED_AGENCIES } from './agencies.ts';
import { SEED_AGREEMENTS } from './agreements.ts';

export { SEED_AGENCIES, type SeedAgency } from './agencies.ts';
export { SEED_AGREEMENTS } from './agreements.ts';
export { CONSULAR_DEADLINES, INVESTIGATION_DEADLINES, REPATRIATION_DEADLINES } from './deadlines.ts';

/** The ids of the seeded agencies, in seed order. */
export const SEED_AGENCY_IDS: readonly string[] = SEED_AGENCIES.map((a) => a.id);

/** What {@link seedSnapshot} needs from its caller: keys are never part of the seed. */
export interface SeedInput {
  /** Public signing (Ed25519) and encryption (X25519) key of every seeded agency. */
  keys: Record<string, { sig: PublicJwk; enc: PublicJwk }>;
  /** The Secretariat's root public keys that sign directory snapshots. */
  rootKeys: PublicJwk[];
  /** RFC 3339 UTC with milliseconds; the snapshot's `issued`. */
  issued: string;
  /** First instant the agency keys are valid; `issued` by default. */
  keysNotBefore?: string;
}

/**
 * Version 1 of the directory: the agencies, the three MOUs and the national channel of
 * DOMAIN.md, with the caller's keys. Throws if an agency has no keys or a kid names another agency.
 *
 * @example
 * const snapshot = seedSnapshot({ keys, rootKeys: [publicJwk(root)], issued: new Date().toISOString() });
 * const jws = await signDirectory(snapshot, root);
 */
export function seedSnapshot(input: SeedInput): DirectorySnapshot {
  const notBefore = input.keysNotBefore ?? input.issued;
  const agencies: Agency[] = SEED_AGENCIES.map((agency) => {
    const pair = input.keys[agency.id];
    if (!pair) throw new Error(`seedSnapshot: no keys for ${agency.id}`);
    for (const jwk of [pair.sig, pair.enc]) {
      if (!jwk.kid.startsWith(`${agency.id}#`)) throw new Error(`seedSnapshot: ${jwk.kid} does not belong to ${agency.id}`);
    }
    return {
      ...structuredClone(agency),
      keys: [
        { kid: pair.sig.kid, use: 'sig', jwk: publicJwk(pair.sig), notBefore },
        { kid: pair.enc.kid, use: 'enc', jwk: publicJwk(pair.enc), notBefore },
      ],
    };
  });
  return {
    version: 1,
    issued: input.issued,
    rootKeys: input.rootKeys.map(publicJwk),
    agencies,
    agreements: structuredClone(SEED_AGREEMENTS) as DirectorySnapshot['agreements'],
  };
}
