import type { Generated } from 'kysely';

/** One entry of the node's evidence log (issue 19): `seq` orders the log; its index is its position. */
export interface EvidenceEntryTable {
  seq: Generated<number>;
  kind: string;
  /** The case thread the entry belongs to (envelopes, receipts, problems); null for a directory version. */
  thid: string | null;
  /** The entry's RFC 8785 text, exactly the bytes hashed. */
  entry: string;
  /** SHA-256(0x00 || entry), kept so that signing a head does not hash the whole log again. */
  leaf: Uint8Array;
}

/** A tree head this node signed. */
export interface EvidenceHeadTable {
  size: number;
  root: string;
  time: string;
  jws: string;
}

/** A witness's countersignature of one of this node's heads. */
export interface EvidenceWitnessTable {
  seq: Generated<number>;
  size: number;
  witness: string;
  jws: string;
  received_at: string;
}

/** The evidence feature's tables (migration `0009-evidence`). */
export interface EvidenceTables {
  evidence_entries: EvidenceEntryTable;
  evidence_heads: EvidenceHeadTable;
  evidence_witness: EvidenceWitnessTable;
}
