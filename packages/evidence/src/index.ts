export { canonicalJson, canonicalText } from './canonical.ts';
export { EMPTY_ROOT, consistencyProof, inclusionProof, leafHash, leafHashOfText, nodeHash, rootOf, verifyConsistency, verifyInclusion, verifyInclusions, multiInclusionProof, verifyMultiInclusion } from './merkle.ts';
export type { SubtreeCache } from './merkle.ts';
export { MerkleLog } from './log.ts';
export { ENTRY_KINDS, EVIDENCE_LOG_VERSION, entryBytes, entryLeafHash, entryText, envelopeEntry, parseEntry } from './entry.ts';
export type { Direction, EvidenceEntry } from './entry.ts';
export {
  HEAD_TYP, WITNESS_TYP, peekHeader, readCountersignature, readHead, signCountersignature, signHead, verifySignedJson,
} from './head.ts';
export type { Countersignature, Signer, TreeHead } from './head.ts';
export { BUNDLE_FORMAT, buildBundle, threadOf } from './bundle/bundle.ts';
export type { BundleEntry, BundleInput, Disclosure, EvidenceBundle } from './bundle/bundle.ts';
export { verifyBundle } from './verify/verify-bundle.ts';
export { verifyHeadWith } from './verify/log-checks.ts';
export type { VerifyOptions } from './verify/verify-bundle.ts';
export type { BundleReport, DirectoryLine, Failure, FailureCode, HeadLine, MessageLine } from './verify/types.ts';
export { isReportLang, renderReport } from './report/render.ts';
export type { RenderOptions } from './report/render.ts';
export { REPORT_LANGS, WORDS } from './report/words.ts';
export type { ReportLang, Words } from './report/words.ts';
export { judgeHead } from './consistency.ts';
export type { WitnessRequest, WitnessVerdict, Witnessed } from './consistency.ts';
export { unverifiedPayload } from './unverified.ts';
