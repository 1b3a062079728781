import type { Directory } from '../directory/directory.ts';
import type { Envelope, EnvelopeHeader } from '../envelope/schema.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { ProblemCode } from '../problem-codes.ts';

/** What a node knows when it opens a message. */
export interface OpenContext {
  /** This agency's id. */
  self: string;
  /** The current verified directory. */
  directory: Directory;
  /** This agency's private keys (decryption by the JWE's kid). */
  keys: KeyRing;
  /** Tokens of the subject `mou.v1.msg.<to>.<from>` the message arrived on, if any. */
  subject?: { to: string; from: string };
  /** Defaults to the current time. */
  now?: Date;
  /** Check 1's limit in bytes; default 262144 (256 KiB). */
  maxBytes?: number;
  /** Check 9's allowed clock skew into the future; default 300000 (5 min). */
  skewMs?: number;
  /**
   * When the stream stored the message (JetStream's timestamp, the broker's clock). With it,
   * check 3 also wants the key valid then, and check 9 refuses a `created` more than
   * `maxLagMs` before it. Without it (a message not read from the stream) both are skipped.
   */
  streamTime?: Date;
  /** Check 9's largest gap from `created` back to `streamTime`; default `DEFAULT_MAX_LAG_MS` (24 h 10 min). */
  maxLagMs?: number;
  /** The envelope hash already stored for this message id, if any, or `ID_IN_USE` when the id is already a thread, case or sent message id here (check 10). */
  priorEnvelope?: (id: string) => string | undefined | Promise<string | undefined>;
  /** The case workflow's verdict on a message that passed checks 1 to 13 (check 14). */
  checkState?: (message: OpenedMessage) => { detail: string } | undefined | Promise<{ detail: string } | undefined>;
}

/** A message whose signature, sender, recipient, agreement and times have been checked. */
export interface VerifiedEnvelope {
  /** The protected header. */
  header: EnvelopeHeader;
  /** The signed payload, schema-valid. */
  payload: Envelope;
  /** `sha256:` of the JWS as received. */
  envelopeHash: string;
  /** The JWS as received. */
  jws: string;
}

/** A message that passed every check. */
export interface OpenedMessage extends VerifiedEnvelope {
  /** The body: decrypted for business types, in clear for protocol types; valid for its type. */
  body: unknown;
  /** The salt the body was sealed with (business types): with the body it proves the digest. */
  salt?: string;
}

/** Why a message was refused. Details never quote a decrypted body. */
export interface Problem {
  /** The first check that failed. */
  code: ProblemCode;
  /** Human text for the quarantine and the `problem` reply. */
  detail: string;
  /** True iff the signature had been verified: only then may a `problem` be sent back. */
  verified: boolean;
  /** `sha256:` of the bytes received. */
  envelopeHash: string;
  /** The header's kid, when the header parsed. */
  kid?: string;
  /** The agency the directory lists for `kid`, when it knows the kid. */
  signer?: string;
  /** The message id, when a verified payload carried a well-formed one (the `problem`'s `for`). */
  id?: string;
  /** The signed payload, when it was verified and schema-valid. */
  payload?: Envelope;
}

/** The outcome of `open`. A duplicate (same id, same bytes) skips decryption: resend its receipt. */
export type OpenResult =
  | { ok: true; duplicate: false; message: OpenedMessage }
  | { ok: true; duplicate: true; message: VerifiedEnvelope }
  | { ok: false; problem: Problem };

/** A check's failure: the code and a human detail. */
export interface CheckFailure {
  code: ProblemCode;
  detail: string;
}
