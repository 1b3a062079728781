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

/** The last head a counterpart showed of its own log. */
export interface EvidencePeerHeadTable {
  peer: string;
  size: number;
  root: string;
  jws: string;
  /** JSON list of the witnesses' countersignatures it came with. */
  countersignatures: string;
  received_at: string;
}

/** A message this node exchanged, proved included in a counterpart's signed head. */
export interface EvidencePeerInclusionTable {
  seq: Generated<number>;
  peer: string;
  envelope_hash: string;
  entry_index: number;
  head_size: number;
  head_root: string;
}

/** Up to which size of its own log this node showed each counterpart its entries. */
export interface EvidencePeerPushTable {
  peer: string;
  size: number;
}

/** A counterpart's head that contradicts what it showed before, or does not verify. */
export interface EvidencePeerAlarmTable {
  seq: Generated<number>;
  peer: string;
  at: string;
  detail: string;
  jws: string;
}

/** The evidence feature's tables (migrations `0009-evidence`, `0011-evidence-peers`). */
export interface EvidenceTables {
  evidence_entries: EvidenceEntryTable;
  evidence_heads: EvidenceHeadTable;
  evidence_witness: EvidenceWitnessTable;
  evidence_peer_heads: EvidencePeerHeadTable;
  evidence_peer_inclusions: EvidencePeerInclusionTable;
  evidence_peer_pushes: EvidencePeerPushTable;
  evidence_peer_alarms: EvidencePeerAlarmTable;
}
