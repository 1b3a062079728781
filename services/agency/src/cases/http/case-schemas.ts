/** Request and answer schemas of the case API v1 (issue 8: routes and fields are a fixed contract). */
import * as v from 'valibot';
import {
  AgencyId,
  AgreementId,
  ConsentSchema,
  ConsularContactSchema,
  CountryCode,
  GENDERS,
  IsoDate,
  LanguageTag,
  LocationSchema,
  MessageId,
  Timestamp,
} from '@mou-hub/protocol';
import { CASE_KINDS } from '@mou-hub/workflows';
import { MessageView, Page } from '../../messages/http/schemas.ts';
import { CaseTranslationView } from '../../translations/http/translation-schemas.ts';

const Text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/** `POST /api/v1/cases`: opens a case and queues its opening request. */
export const OpenCaseRequest = v.strictObject({
  kind: v.picklist(CASE_KINDS),
  agreement: AgreementId,
  to: AgencyId,
  lang: LanguageTag,
  body: v.record(v.string(), v.unknown()),
  /** Consent to share, recorded with the case before its first message leaves. */
  consent: v.optional(ConsentSchema),
  /** The embassy intake this case is opened from: the case takes its consent and links back. */
  intake: v.optional(MessageId),
  /** Cases this one follows from (e.g. a repatriation after an investigation). */
  links: v.optional(v.pipe(v.array(MessageId), v.maxLength(20))),
});
export type OpenCaseRequest = v.InferOutput<typeof OpenCaseRequest>;

/** The answer to `POST /api/v1/cases`: `id` is the thread id. */
export const OpenCaseAccepted = v.object({ id: MessageId, state: v.string(), messageId: MessageId });

/** `POST /api/v1/cases/:id/actions/:name`: the action's body, checked against its message type. */
export const ActionRequest = v.strictObject({ lang: LanguageTag, body: v.record(v.string(), v.unknown()) });
export type ActionRequest = v.InferOutput<typeof ActionRequest>;
/** The answer to an action: the queued message and the case's state after it. */
export const ActionAccepted = v.object({ messageId: MessageId, state: v.string() });

/** Filters and page of `GET /api/v1/cases`. */
export const CaseListQuery = v.strictObject({
  ...Page,
  kind: v.optional(v.picklist(CASE_KINDS)),
  state: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z-]{1,63}$/))),
  agreement: v.optional(AgreementId),
  counterpart: v.optional(AgencyId),
  overdue: v.optional(v.picklist(['true', 'false'])),
});

/** One case in a list. `due`: the earliest due date of an open step, or null. */
export const CaseListItem = v.object({
  id: MessageId,
  /** The human reference both sides show (`LA-TH-2026-0042`); null for a case opened before references. */
  ref: v.nullable(v.string()),
  kind: v.picklist(CASE_KINDS),
  agreement: AgreementId,
  counterpart: AgencyId,
  state: v.string(),
  openedAt: Timestamp,
  due: v.nullable(Timestamp),
});
export const CaseListPage = v.object({ items: v.array(CaseListItem), total: v.number(), limit: v.number(), offset: v.number() });

/** An action this side may take now: its name in the route, and the message type it sends. */
export const CaseAction = v.object({ name: v.string(), type: v.string() });

/** An open step's deadline from the directory's policy, in the answering side's business days. */
export const CaseDeadline = v.object({
  step: v.string(),
  /** Which side must act: `initiator` or `responder`. */
  by: v.string(),
  startedAt: Timestamp,
  due: Timestamp,
  overdue: v.boolean(),
  /** A translation the answering side needs holds the clock now (a policy that pauses for translation). */
  paused: v.optional(v.boolean()),
  /** Wall-clock time since the step started, and the same net of translation pauses. */
  rawElapsedMs: v.optional(v.number()),
  netElapsedMs: v.optional(v.number()),
  source: v.string(),
});

/** A case or intake linked to this one. */
export const CaseLink = v.object({
  id: MessageId,
  /** The linked case's human reference (null for an intake, or a case opened before references). */
  ref: v.nullable(v.string()),
  /** `intake` or a case kind. */
  kind: v.string(),
  /** `opened-from`: this case was opened from it; `led-to`: it was opened from this case; `sibling`: same intake. */
  relation: v.string(),
  state: v.nullable(v.string()),
  counterpart: v.nullable(AgencyId),
  agreement: v.nullable(AgreementId),
});

/** One person of the case: their ref, their own state, and the HTCDS blocks the bodies carried. */
export const CasePerson = v.object({ ref: v.string(), state: v.string(), record: v.optional(v.unknown()) });

/** `GET /api/v1/cases/:id`. */
export const CaseView = v.object({
  id: MessageId,
  /** The human reference both sides show (`LA-TH-2026-0042`), signed by the opener. */
  ref: v.nullable(v.string()),
  kind: v.picklist(CASE_KINDS),
  agreement: AgreementId,
  counterpart: AgencyId,
  role: v.picklist(['initiator', 'responder']),
  state: v.string(),
  persons: v.array(CasePerson),
  actions: v.array(CaseAction),
  /** Actions open whatever the turn (a note, closing); not in `actions`. Translation status is sent by the node, never an action. */
  anytimeActions: v.array(CaseAction),
  timeline: v.array(MessageView),
  deadlines: v.array(CaseDeadline),
  attachments: v.array(v.unknown()),
  /** Each document's translation at either side, with its statuses in order (issue 9). */
  translations: v.array(CaseTranslationView),
  links: v.array(CaseLink),
  consent: v.nullable(v.unknown()),
  handover: v.optional(v.unknown()),
  openedAt: Timestamp,
  updatedAt: Timestamp,
});

/** Who the intake is about, as far as the caller or the police said. */
const IntakePerson = v.strictObject({
  givenName: v.optional(Text(100)),
  familyName: v.optional(Text(100)),
  otherNames: v.optional(v.pipe(v.array(Text(100)), v.maxLength(10))),
  gender: v.optional(v.picklist(GENDERS)),
  dateOfBirth: v.optional(IsoDate),
  approximateAge: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120))),
  citizenship: v.optional(v.pipe(v.array(CountryCode), v.minLength(1), v.maxLength(3))),
});

export const INTAKE_SOURCES = ['call-for-help', 'police-notice', 'referral', 'other'] as const;

/** `POST /api/v1/intakes`: the embassy desk records a call for help or a police notice. */
export const IntakeRequest = v.strictObject({
  source: v.picklist(INTAKE_SOURCES),
  receivedAt: v.optional(Timestamp),
  person: IntakePerson,
  narrative: Text(20_000),
  location: v.optional(LocationSchema),
  contact: v.optional(ConsularContactSchema),
  consent: v.optional(ConsentSchema),
});
export type IntakeRequest = v.InferOutput<typeof IntakeRequest>;

/** The consent as the node records it: the form's fields and who entered them when. */
export const ConsentRecord = v.object({
  given: v.boolean(),
  by: v.string(),
  name: v.optional(v.string()),
  date: v.string(),
  recordedBy: v.string(),
  recordedAt: Timestamp,
  /** `recorded` here, `intake` (taken from it), `request` (in the body's persons), `counterpart` (they opened the case). */
  source: v.string(),
});

/** `GET /api/v1/intakes/:id`: the intake and every case opened from it, with their states. */
export const IntakeView = v.object({
  id: MessageId,
  source: v.picklist(INTAKE_SOURCES),
  recordedAt: Timestamp,
  recordedBy: v.string(),
  details: v.unknown(),
  consent: v.nullable(ConsentRecord),
  cases: v.array(CaseListItem),
});
export const IntakeCreated = v.object({ id: MessageId });
/** `POST /api/v1/intakes/:id/cases`: a case to link to the intake. */
export const IntakeLinkRequest = v.strictObject({ case: MessageId });
export const IntakeListPage = v.object({
  items: v.array(v.object({ id: MessageId, source: v.string(), recordedAt: Timestamp, cases: v.number() })),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});
export const IntakeListQuery = v.strictObject({ ...Page });

/** Filters and page of `GET /api/v1/access-log`. */
export const AccessLogQuery = v.strictObject({ ...Page, case: v.optional(v.pipe(v.string(), v.maxLength(64))), user: v.optional(v.pipe(v.string(), v.maxLength(64))) });
export const AccessLogPage = v.object({
  items: v.array(v.object({ at: Timestamp, user: v.string(), case: v.string(), what: v.string() })),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});
