/** Why a bundle does not verify: one code per rule of docs/evidence.md, worded by `renderReport`. */
export type FailureCode =
  | 'bundle-malformed'
  | 'entry-malformed'
  | 'order'
  | 'directory-invalid'
  | 'directory-rollback'
  | 'head-invalid'
  | 'not-included'
  | 'countersignature-invalid'
  | 'not-witnessed'
  | 'no-directory'
  | 'envelope-invalid'
  | 'wrong-case'
  | 'kind-mismatch'
  | 'direction-mismatch'
  | 'replay'
  | 'receipt-foreign'
  | 'receipt-mismatch'
  | 'disclosure-mismatch';

/** One failed rule: which entry (by its log index) and the technical reason, in English. */
export interface Failure {
  code: FailureCode;
  entry?: number;
  detail: string;
}

/** A directory version the log holds, verified against the root. */
export interface DirectoryLine {
  index: number;
  version: number;
  issued: string;
  /** When the node accepted it (its log entry's time). */
  accepted: string;
}

/** The signed head every entry was proved against. */
export interface HeadLine {
  size: number;
  root: string;
  time: string;
  kid: string;
  directoryVersion: number;
  witnesses: { witness: string; kid: string; witnessed: string }[];
}

/** One business message of the case, as a court clerk reads it. */
export interface MessageLine {
  index: number;
  id: string;
  type: string;
  direction: 'sent' | 'received';
  from: string;
  to: string;
  created: string;
  /** When the exporting node logged it. */
  logged: string;
  kid: string;
  /** The directory version the signature was judged under. */
  directoryVersion: number;
  envelopeHash: string;
  /** The recipient's signed receipt: when it says it received the message, and the receipt's signer. */
  delivered?: { received: string; index: number; kid: string };
  /** The recipient's signed refusal. */
  refused?: { code: string; index: number; kid: string };
  /** The exporting agency revealed the body, and it matches the signed digest. */
  disclosed: boolean;
}

/** The outcome of `verifyBundle`: `ok` only when no rule failed. */
export interface BundleReport {
  ok: boolean;
  log: string;
  case: { thid: string; reference?: string };
  exported: string;
  head?: HeadLine;
  directories: DirectoryLine[];
  messages: MessageLine[];
  /** Each agency's names by language, from the log's last verified directory version. */
  agencies: Record<string, Record<string, string>>;
  failures: Failure[];
}
