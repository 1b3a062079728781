export { canonicalJson, canonicalText } from './canonical.ts';
export { EMPTY_ROOT, consistencyProof, inclusionProof, leafHash, nodeHash, rootOf, verifyConsistency, verifyInclusion } from './merkle.ts';
export { MerkleLog } from './log.ts';
export { ENTRY_KINDS, EVIDENCE_LOG_VERSION, entryBytes, entryLeafHash, parseEntry } from './entry.ts';
export type { Direction, EvidenceEntry } from './entry.ts';
export {
  HEAD_TYP, WITNESS_TYP, peekHeader, readCountersignature, readHead, signCountersignature, signHead, verifySignedJson,
} from './head.ts';
export type { Countersignature, Signer, TreeHead } from './head.ts';
