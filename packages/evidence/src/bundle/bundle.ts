import { entryBytes, type EvidenceEntry } from '../entry.ts';
import { leafHash } from '../merkle.ts';
import { MerkleLog } from '../log.ts';
import { unverifiedPayload } from '../unverified.ts';

/** The `format` of an evidence bundle file. */
export const BUNDLE_FORMAT = 'mou-evidence-bundle';

/** One log entry in a bundle, with its index in the log and its audit path to the bundle's head. */
export interface BundleEntry {
  index: number;
  entry: EvidenceEntry;
  /** base64url hashes: RFC 6962 PATH(index, D[head size]). */
  proof: string[];
}

/**
 * A body the exporting agency chose to reveal for the court (its own case only): the exact
 * JWE plaintext `{"salt":…,"body":…}` of message `id`, whose SHA-256 the signed `digest` binds.
 */
export interface Disclosure {
  id: string;
  plaintext: string;
}

/**
 * One case's evidence from one node's log, checkable offline with only the root's public key
 * (`verifyBundle`). Version 1.
 */
export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  v: 1;
  /** The agency whose log the entries come from. */
  log: string;
  exported: string;
  case: { thid: string; reference?: string };
  /** The case's envelopes, receipts and problems, and the directory versions in force for them and for the head, by index. */
  entries: BundleEntry[];
  /** The signed tree head every proof reaches, and the witnesses' countersignatures of it. */
  head: { jws: string; countersignatures: string[] };
  disclosures?: Disclosure[];
}

/** What {@link buildBundle} needs: the node's log from its start up to at least the head. */
export interface BundleInput {
  log: string;
  case: { thid: string; reference?: string };
  /** Every entry of the log, in order (index = position), at least `headSize` of them. */
  entries: readonly EvidenceEntry[];
  head: { jws: string; size: number; countersignatures: readonly string[] };
  exported: Date;
  disclosures?: Disclosure[];
}

/** The `thid` of an envelope-like entry, read from its payload without verifying it (the verifier does). */
export function threadOf(jws: string): { thid?: string; id?: string; for?: string } {
  const payload = unverifiedPayload(jws);
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  const body = payload['body'];
  const out: { thid?: string; id?: string; for?: string } = {};
  const thid = str(payload['thid']);
  const id = str(payload['id']);
  const forId = typeof body === 'object' && body !== null ? str((body as { for?: unknown }).for) : undefined;
  if (thid) out.thid = thid;
  if (id) out.id = id;
  if (forId) out.for = forId;
  return out;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/**
 * Picks a case's entries out of a node's log (its thread's envelopes, the receipts and
 * problems answering them, and the directory version in force before each and before the
 * head) and proves each against the head. Leaf hashes are computed afresh from the stored
 * entries, so an entry changed since the head was signed yields a proof that fails.
 *
 * @example
 * const bundle = buildBundle({ log: 'la-mlsw', case: { thid }, entries, head, exported: new Date() });
 */
export function buildBundle(input: BundleInput): EvidenceBundle {
  const size = input.head.size;
  if (input.entries.length < size) throw new RangeError(`the log has ${input.entries.length} entries, the head says ${size}`);
  const tree = new MerkleLog(input.entries.slice(0, size).map((e) => leafHash(entryBytes(e))));
  const picked = new Set<number>();
  let directoryBefore = -1;
  for (let i = 0; i < size; i++) {
    const e = input.entries[i]!;
    if (e.kind === 'directory') {
      directoryBefore = i;
      continue;
    }
    if (threadOf(e.jws).thid !== input.case.thid) continue;
    picked.add(i);
    if (directoryBefore >= 0) picked.add(directoryBefore);
  }
  if (directoryBefore >= 0) picked.add(directoryBefore); // the one the head's key is judged under
  const entries = [...picked].sort((a, b) => a - b).map((index) => ({
    index,
    entry: input.entries[index]!,
    proof: tree.inclusionProof(index, size).map(b64),
  }));
  return {
    format: BUNDLE_FORMAT,
    v: 1,
    log: input.log,
    exported: input.exported.toISOString(),
    case: { ...input.case },
    entries,
    head: { jws: input.head.jws, countersignatures: [...input.head.countersignatures] },
    ...(input.disclosures && input.disclosures.length > 0 ? { disclosures: input.disclosures } : {}),
  };
}
