import type { Generated } from 'kysely';
import type { WitnessTables } from '../witness/witness-schema.ts';

/**
 * One message the stream carried, as metadata: never a body. Keyed by its stream sequence, so
 * a redelivery writes nothing new; the same id may appear twice (a replay with other bytes).
 */
export interface EnvelopeTable {
  /** Sequence in MOU_V1 (the unique key that makes ingest idempotent). */
  stream_seq: number;
  /** The stream's timestamp (RFC 3339): the broker's clock, which the audit trusts. */
  stream_time: string;
  /** Tokens of the subject it was carried on. */
  subject_to: string | null;
  subject_from: string | null;
  /** `sha256:` of the exact JWS the stream carried. */
  envelope_hash: string;
  kid: string | null;
  /** 1 when the signature verified against the directory. */
  verified: number;
  /** The first of checks 1-9 that failed, or null when all passed. */
  check_code: string | null;
  // The signed metadata (null when the payload could not be trusted).
  id: string | null;
  type: string | null;
  agreement: string | null;
  from_agency: string | null;
  to_agency: string | null;
  thid: string | null;
  reply_to: string | null;
  created: string | null;
  /** created minus stream time, in ms (negative: created before the stream saw it). */
  skew_ms: number | null;
  /** 1 when created is farther from stream time than the configured limit. */
  skew_flag: number;
  /** The envelope's `stats`, JSON. */
  stats: string | null;
  /** The case reference a thread's first message carries (`LA-TH-2026-0042`). */
  ref: string | null;
  /** Receipts and problems: the id they answer. */
  for_id: string | null;
  /** `accepted` for a receipt, the problem's code for a problem. */
  outcome: string | null;
  /** A receipt's `envelope` digest: what the recipient says it received. */
  receipt_envelope: string | null;
}

/** One case: a thread opened by a request (or a note). */
export interface CaseTable {
  thid: string;
  agreement: string;
  /** Opener type (`repatriation.request`, …). */
  opener_type: string;
  /** The human reference the opener gave it (`LA-TH-2026-0042`), if any. */
  ref: string | null;
  /** The agency that opened the thread, and the one it asked. */
  initiator: string;
  responder: string;
  opened_at: string;
  /** Workflow state as far as metadata tells (`open`, `rejected`, `closed`, …). */
  state: string;
  /** 1 when the opener asked for an urgent answer (`stats.urgent`). */
  urgent: number;
  last_at: string;
  closed_at: string | null;
}

/** One clock: a deadline instance of a case (or its receipt and close), as of the last message. */
export interface CaseStepTable {
  thid: string;
  step: string;
  /** 0, 1, … for a step that runs more than once in a case (a second proposal). */
  instance: number;
  agreement: string;
  /** The type that started the step (the report's "type"). */
  starts_type: string;
  /** `initiator` or `responder`: the side that must answer, whose desk the clock is on. */
  side: string;
  /** That side's agency. */
  agency: string;
  /** ISO country of that agency (its business days count). */
  country: string;
  started_at: string;
  /** Null when no deadline applies (receipt, close). */
  due_at: string | null;
  ended_at: string | null;
  /** `open`, `met`, `breached` or `cancelled` (the case closed first). */
  status: string;
  /** Calendar time from start to end (or to the last message while open). */
  calendar_ms: number;
  /** The same minus translation pauses. */
  net_ms: number;
  /** Business time in the answering country, net of pauses. */
  business_ms: number;
  /** 1 while a translation pause holds the clock (an open clock is then never overdue). */
  paused: number;
}

/** Ended steps per agreement × type × step × month: the turnaround report reads only this. */
export interface TurnaroundCellTable {
  agreement: string;
  starts_type: string;
  step: string;
  /** `YYYY-MM` of the step's start. */
  month: string;
  count: number;
  /** Steps ended by their deadline (or with no deadline). */
  within_count: number;
  /**
   * 1 once a clock was added after the figures were computed; `refreshStaleCells` recomputes
   * them from `turnaround_durations` (the audit does so every second and before a report reads cells).
   */
  stale: Generated<number>;
  // The report's figures, stored so a report reads numbers only.
  median_ms: number;
  p90_ms: number;
  max_ms: number;
  median_business_ms: number;
  p90_business_ms: number;
}

/** One ended clock's durations, in its turnaround cell: the figures are recomputed from these. */
export interface TurnaroundDurationTable {
  agreement: string;
  starts_type: string;
  step: string;
  month: string;
  /** Net calendar duration, ms. */
  net_ms: number;
  /** Business duration, ms. */
  business_ms: number;
}

/** Persons returned: live (from completed handovers' stats) or imported (historical CSV). */
export interface ReturnTable {
  id: Generated<number>;
  source: 'live' | 'imported';
  import_id: number | null;
  thid: string | null;
  year: number;
  agreement: string;
  /** HTCDS gender value. */
  gender: string;
  /** 1 minor, 0 adult, null unknown. */
  minor: number | null;
  age_band: string | null;
  count: number;
}

/** One accepted import of historical returns. */
export interface ImportTable {
  id: Generated<number>;
  at: string;
  by_user: string;
  rows: number;
  /** `sha256:` of the file as received. */
  file_hash: string;
}

/** The audit's SQLite schema. */
export interface AuditDb extends WitnessTables {
  envelopes: EnvelopeTable;
  cases: CaseTable;
  case_steps: CaseStepTable;
  turnaround_cells: TurnaroundCellTable;
  turnaround_durations: TurnaroundDurationTable;
  returns: ReturnTable;
  imports: ImportTable;
}
