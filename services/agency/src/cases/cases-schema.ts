import type { Generated } from 'kysely';

/** A case as this agency holds it: one thread of one agreement between two parties. */
export interface CaseTable {
  /** The thread id: the id of the opening message. */
  id: string;
  /** The human reference both sides show (`LA-TH-2026-0042`), assigned by the opener; null before issue 15. */
  ref: string | null;
  /** `repatriation`, `investigation` or `consular-verification`. */
  kind: string;
  agreement: string;
  /** The other party of the thread. */
  counterpart: string;
  /** This agency's side: `initiator` (opened the thread) or `responder`. */
  role: string;
  /** The workflow state's name, in clear for lists and filters. */
  state: string;
  /** The whole workflow state as JSON (state names, person refs, message ids: no personal data). */
  machine: string;
  opened_at: string;
  updated_at: string;
  /** Earliest due date of an open step, for the `overdue` filter; null when nothing is due. */
  due_at: string | null;
  /** When consent to share was recorded (null: not recorded). */
  consent_at: string | null;
  /** The consent record (who gave it, when, who recorded it), sealed at rest. */
  consent_sealed: string | null;
  /** Per person: the HTCDS person and victim blocks the bodies carried, sealed at rest. */
  persons_sealed: string | null;
  /**
   * A third party (issue 16), as JSON `{ consular, focalPoint, mine }`: the home side's consular
   * party, the home focal point beside it, and which of the two this node is (`consular` or
   * `focal-point`; the host side holds `focal-point`). Null for a case of two parties.
   */
  parties: string | null;
}

/** A call for help or a police notice the embassy desk recorded, before any case exists. */
export interface IntakeTable {
  id: string;
  /** `call-for-help`, `police-notice`, `referral` or `other`. */
  source: string;
  recorded_at: string;
  recorded_by: string;
  /** Who she is, where, what happened, how to reach her: sealed at rest. */
  details_sealed: string;
  consent_at: string | null;
  consent_sealed: string | null;
}

/** A link from an intake or a case to a case it led to. */
export interface CaseLinkTable {
  source: string;
  target: string;
  /** `opened-from`: the target was opened from the source. */
  relation: string;
  created_at: string;
}

/** A received envelope kept for later verification (the co-signed handover record). */
export interface CaseEnvelopeTable {
  message_id: string;
  case_id: string;
  jws: string;
}

/** One read of a case's personal data: who, when, which case, what. */
export interface AccessLogTable {
  seq: Generated<number>;
  at: string;
  user: string;
  case_id: string;
  what: string;
}

/** The tables of migration `0004-cases`. */
export interface CaseTables {
  cases: CaseTable;
  intakes: IntakeTable;
  case_links: CaseLinkTable;
  case_envelopes: CaseEnvelopeTable;
  access_log: AccessLogTable;
}
