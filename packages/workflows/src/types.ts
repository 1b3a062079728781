/**
 * The vocabulary every machine shares. Plain JSON data throughout, so a node can store a
 * `CaseState` as it is and the audit service can rebuild it from envelope `stats`.
 */

/** The kinds of case the hub runs as shared workflows. */
export const CASE_KINDS = ['repatriation', 'investigation', 'consular-verification'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** `initiator` sent the thread's opening request; `responder` is its addressee. */
export type Side = 'initiator' | 'responder';

/**
 * The other side of a case.
 * @example otherSide('initiator') // 'responder'
 */
export function otherSide(side: Side): Side {
  return side === 'initiator' ? 'responder' : 'initiator';
}

/**
 * Which agency of a side acts a step (issue 16): the side's `focal-point` (the thread's two
 * parties), or the home side's `consular` party beside it (the embassy beside la-mlsw in a la-cn
 * repatriation). A case stays two-sided; the party only decides who on a side may act.
 */
export const PARTIES = ['focal-point', 'consular'] as const;
export type Party = (typeof PARTIES)[number];

/** States of a repatriation (host side H = initiator, home side L = responder). */
export const REPATRIATION_STATES = [
  'requested',
  'with-province',
  'information-requested',
  'assessed',
  'travel-document-issued',
  'handover-proposed',
  'handover-counter-proposed',
  'handover-agreed',
  'handover-awaiting-countersign',
  'handed-over',
  'in-reintegration',
  'closed',
] as const;
export type RepatriationState = (typeof REPATRIATION_STATES)[number];

/** States of an investigation (requester R = initiator, requested Q = responder). */
export const INVESTIGATION_STATES = [
  'requested',
  'acknowledged',
  'declined',
  'extended',
  'partially-answered',
  'answered',
  'closed',
] as const;
export type InvestigationState = (typeof INVESTIGATION_STATES)[number];

/** States of a consular verification (embassy desk = initiator, Lao focal point = responder). */
export const CONSULAR_STATES = ['requested', 'verified', 'not-verified', 'closed'] as const;
export type ConsularState = (typeof CONSULAR_STATES)[number];

/** Any case-level state name. */
export type CaseStateName = RepatriationState | InvestigationState | ConsularState;

/** Every refusal code a machine returns; the console words them from its catalog. */
export const REFUSAL_CODES = [
  'not-an-opener',
  'not-your-turn',
  'step-not-allowed',
  'type-not-in-case',
  'case-closed',
  'missing-fact',
  'unknown-person',
  'person-not-ready',
  'countersign-mismatch',
  'not-safe-to-return',
  'no-consent-to-return',
  'wrong-agency',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * Why a step is refused: a stable code and its parameters, never a sentence.
 * @example { code: 'not-your-turn', params: { state: 'handover-proposed', side: 'initiator', type: 'repatriation.handover.confirmation' } }
 */
export interface Refusal {
  /** Stable code, one of `REFUSAL_CODES`. */
  readonly code: RefusalCode;
  /** Values the message catalog fills in (state, side, type, fact, ...). */
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/** What a step says about one person, by opaque `personRef`. Never the person's data. */
export type PersonOutcome =
  | 'requested'
  | 'confirmed'
  | 'not-confirmed'
  | 'pending'
  | 'travel-document'
  | 'proposed'
  | 'handed-over'
  | 'reintegration'
  | 'reintegration-closed'
  | 'added'
  | 'information'
  | 'withdrawn'
  | 'alternative-care'
  | 'resumed';

/** States only a person takes, never a whole case: waiting in care instead of going home now. */
export const PERSON_ONLY_STATES = ['alternative-care'] as const;
export type PersonOnlyState = (typeof PERSON_ONLY_STATES)[number];

/** One person's outcome in a step. */
export interface PersonFact {
  /** The body's `personRef` (an opaque reference, not identifying on its own). */
  readonly ref: string;
  /** What this step says about that person. */
  readonly outcome: PersonOutcome;
  /** The assessment found it safe to return (or not). */
  readonly safeToReturn?: boolean;
  /** Consent to return is recorded as given (`true`) or not (`false`); absent: this step says nothing of it. */
  readonly returnConsent?: boolean;
  /** The body's reason code (withdrawal, alternative care). */
  readonly reason?: string;
}

/**
 * The facts that decide a step. `counts` are what the sender puts in the envelope's `stats`
 * (and all the audit sees); the case-level state follows from them alone. `persons` and
 * `countersigns` come from the body and drive per-person states and a stricter check.
 */
export interface StepFacts {
  /** Non-identifying counts: lower-case kebab keys, non-negative integers, at most 16 keys. */
  readonly counts: Readonly<Record<string, number>>;
  /** Per-person outcomes, when the body names persons; absent when built from stats. */
  readonly persons?: readonly PersonFact[];
  /** The host's completion message id that a home-side completion countersigns. */
  readonly countersigns?: string;
}

/** A message as a machine sees it. */
export interface CaseStep {
  /** Message type, e.g. `repatriation.assessment`. */
  readonly type: string;
  /** Side of the sender in this case. */
  readonly side: Side;
  /** From `stepFacts(type, body)` or, without the body, `factsFromStats(stats)`. */
  readonly facts: StepFacts;
  /** The message id, when known (lets a countersign be matched to the completion). */
  readonly id?: string;
  /** Which agency of its side sent it: the focal point (the default) or the consular party. */
  readonly party?: Party;
}

/** One person's place in a repatriation. */
export interface PersonState {
  /** Where this person stands; persons of one request may part ways. */
  readonly state: RepatriationState | ConsularState | PersonOnlyState;
  /** Why the person's path ended, when `state` is `closed`. */
  readonly reason?: 'not-confirmed' | 'reintegration-closed' | 'case-closed' | 'withdrawn';
  /** The withdrawal's reason code (`witness`, `absconded`, `not-national`, `deceased`, `other`). */
  readonly withdrawal?: string;
  /** Why the person is in alternative care (`not-safe-to-return`, `no-consent-to-return`, `other`). */
  readonly careReason?: string;
  /** Where a person in alternative care returns to. */
  readonly resumeTo?: RepatriationState;
  /** A travel document was issued (a withdrawn proposal returns the person to that state). */
  readonly travelDocument?: boolean;
  /** The last assessment's finding; `false` bars a handover (`not-safe-to-return`). */
  readonly safeToReturn?: boolean;
  /** Consent to return recorded as given; anything else bars a handover (`no-consent-to-return`). */
  readonly returnConsent?: boolean;
}

/** HTCDS case statuses a closed case carries. */
export type ClosedStatus = 'Closed' | 'ClosedReferred';

/** The state of one case: the same on both sides once the same messages are delivered. */
export interface CaseState {
  /** Which machine runs this case. */
  readonly kind: CaseKind;
  /** The case-level state. */
  readonly state: CaseStateName;
  /** Per-person states by `personRef` (empty when rebuilt from stats alone). */
  readonly persons: Readonly<Record<string, PersonState>>;
  /** What the machine remembers between steps; all of it follows from stats. */
  readonly memory: CaseMemory;
}

/** Case-level memory, computable from envelope stats alone. */
export interface CaseMemory {
  /** Persons named by the opening request. */
  readonly persons?: number;
  /** Whether the opening request was urgent (deadlines pick their policy by it). */
  readonly urgent?: boolean;
  /** The opening request named a consular party on the home side (`consular` count; absent: none). */
  readonly consular?: boolean;
  /** Whether any assessment confirmed a person's nationality. */
  readonly anyConfirmed?: boolean;
  /** Records in the host's handover completion, which the countersign must match. */
  readonly records?: number;
  /** The host's completion message id, when known. */
  readonly completion?: string;
  /** Nationality findings corrected (`consular.verification.result` with a `revisionReason`). */
  readonly revisions?: number;
  /** Persons withdrawn from the case (`repatriation.person.withdrawn`). */
  readonly withdrawn?: number;
  /** The HTCDS status a closed case ended with. */
  readonly closedStatus?: ClosedStatus;
  /** Why the case closed: a `case.closed`, or no nationality confirmed. */
  readonly closedBy?: 'case-closed' | 'not-confirmed' | 'withdrawn';
}

/** What `startCase` and `advanceCase` answer. */
export type Advance =
  | { readonly ok: true; readonly state: CaseState; readonly action: string }
  | { readonly ok: false; readonly refusal: Refusal };

/** An action a side may take now: its name (for the case API) and the type it sends. */
export interface CaseAction {
  /** Stable action name, e.g. `confirm-handover`. */
  readonly name: string;
  /** The message type the action sends. */
  readonly type: string;
}
