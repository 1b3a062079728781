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
 *
 * @example
 * const j = await judgeDirectory(jws, pinned, { version: 4, hash });
 * if (j.action === 'refuse') log.warn({ reason: j.reason }, 'directory refused');
 */
export async function judgeDirectory(jws: string, rootKeys: readonly PublicJwk[], held?: Held): Promise<Judgement> {
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
  }
  return { action: 'accept', snapshot: r.snapshot, version: r.version, hash: r.hash };
}
