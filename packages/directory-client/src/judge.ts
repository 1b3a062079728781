import { verifyDirectory, type DirectorySnapshot, type PublicJwk } from '@mou-hub/protocol';

/** The snapshot a node holds: its version and the hash of its JWS. */
export interface Held {
  version: number;
  hash: string;
}

/** What to do with a JWS read from the KV bucket. */
export type Judgement =
  /** A valid, newer snapshot: take it. */
  | { action: 'accept'; snapshot: DirectorySnapshot; version: number; hash: string }
  /** The very snapshot already held (a re-delivery): nothing to do. */
  | { action: 'ignore' }
  /** Forged, malformed, or a rollback: keep the current one and report why. */
  | { action: 'refuse'; reason: string; version?: number };

/**
 * Decides whether a node should take a signed directory: it must verify with a pinned root
 * key and be newer than the held one (the same version is only fine with the same bytes).
 * `floor` is the highest version the node accepted before a restart (kept in its database):
 * at start nothing is held, and a snapshot older than the floor is a rollback all the same.
 *
 * @example
 * const j = await judgeDirectory(jws, pinned, { version: 4, hash });
 * if (j.action === 'refuse') log.warn({ reason: j.reason }, 'directory refused');
 * await judgeDirectory(jws, pinned, undefined, persistedFloor); // at start
 */
export async function judgeDirectory(jws: string, rootKeys: readonly PublicJwk[], held?: Held, floor?: Held): Promise<Judgement> {
  const r = await verifyDirectory(jws, rootKeys);
  if (!r.ok) return { action: 'refuse', reason: r.reason };
  if (held) {
    if (r.version < held.version) {
      return { action: 'refuse', reason: `rollback: version ${r.version} is older than the held ${held.version}`, version: r.version };
    }
    if (r.version === held.version) {
      if (r.hash === held.hash) return { action: 'ignore' };
      return { action: 'refuse', reason: `version ${r.version} is already held with other content`, version: r.version };
    }
  } else if (floor) {
    if (r.version < floor.version) {
      return { action: 'refuse', reason: `rollback: version ${r.version} is older than version ${floor.version} accepted before`, version: r.version };
    }
    if (r.version === floor.version && r.hash !== floor.hash) {
      return { action: 'refuse', reason: `version ${r.version} was accepted before with other content`, version: r.version };
    }
  }
  return { action: 'accept', snapshot: r.snapshot, version: r.version, hash: r.hash };
}

/** How old a snapshot is, by its `issued`, and whether that is past the allowed age. */
export interface Freshness {
  /** Milliseconds since `issued` (0 for a snapshot issued after `now`). */
  ageMs: number;
  /** True when `ageMs` is more than `maxAgeMs`: the node may be missing a revocation. */
  stale: boolean;
}

/**
 * Whether a snapshot issued at `issued` is older than `maxAgeMs` at `now`. The directory is
 * re-issued only on change, so a stale one is a warning (is the node still following?), not a
 * refusal.
 *
 * @example
 * directoryFreshness('2026-01-01T00:00:00.000Z', new Date('2026-01-03T00:00:00.000Z'), 86_400_000);
 * // { ageMs: 172800000, stale: true }
 */
export function directoryFreshness(issued: string, now: Date, maxAgeMs: number): Freshness {
  const ageMs = Math.max(0, now.getTime() - Date.parse(issued));
  return { ageMs, stale: ageMs > maxAgeMs };
}
