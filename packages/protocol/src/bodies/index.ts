/**
 * The body schema of every message type, and `validateBody` that checks a body against it.
 * One file per family; this one only gathers them.
 */
import * as v from 'valibot';
import { fieldIssues } from '../issues.ts';
import type { FieldIssue } from '../issues.ts';
import type { MessageType } from '../message-types.ts';
import { CaseClosedSchema, CaseNoteSchema, TranslationStatusSchema } from './case.ts';
import { ConsularNotificationSchema, ConsularVerificationRequestSchema, ConsularVerificationResultSchema } from './consular.ts';
import { HandoverCompletedSchema, HandoverConfirmationSchema, HandoverProposalSchema } from './handover.ts';
import {
  InvestigationAcknowledgementSchema,
  InvestigationExtensionSchema,
  InvestigationRequestSchema,
  InvestigationResponseSchema,
} from './investigation.ts';
import { PersonAddedSchema, PersonAlternativeCareSchema, PersonInformationSchema, PersonResumedSchema, PersonWithdrawnSchema, ProvinceReferralSchema } from './person.ts';
import { ProblemSchema, ReceiptSchema } from './protocol.ts';
import {
  RepatriationAssessmentSchema,
  RepatriationReintegrationUpdateSchema,
  RepatriationRequestSchema,
  RepatriationTravelDocumentSchema,
} from './repatriation.ts';

export {
  AttachmentName,
  AttachmentRef,
  ATTACHMENT_MAX_BYTES,
  MediaType,
  BodyTimestamp,
  CountryCode,
  IsoDate,
  LanguageCode,
  LocalTime,
  OfficerSchema,
  PersonRef,
  PhoneNumber,
  Sha256Ref,
  URGENCIES,
  Urgency,
} from './common.ts';
export type { Officer } from './common.ts';
export * from './htcds.ts';
export * from './protocol.ts';
export * from './repatriation.ts';
export * from './handover.ts';
export * from './investigation.ts';
export * from './case.ts';
export * from './consular.ts';
export * from './person.ts';
export { exampleBodies, EXAMPLE_IDS } from './examples.ts';

/**
 * The body schema of each message type. Exhaustive: a type added to `MESSAGE_TYPES` without a
 * schema here fails to compile.
 *
 * @example
 * const r = v.safeParse(bodySchemas['case.note'], { text: 'Called the shelter.' });
 */
export const bodySchemas = Object.freeze({
  receipt: ReceiptSchema,
  problem: ProblemSchema,
  'repatriation.request': RepatriationRequestSchema,
  'repatriation.assessment': RepatriationAssessmentSchema,
  'repatriation.travel-document': RepatriationTravelDocumentSchema,
  'repatriation.handover.proposal': HandoverProposalSchema,
  'repatriation.handover.confirmation': HandoverConfirmationSchema,
  'repatriation.handover.completed': HandoverCompletedSchema,
  'repatriation.reintegration.update': RepatriationReintegrationUpdateSchema,
  'repatriation.person.added': PersonAddedSchema,
  'repatriation.person.information': PersonInformationSchema,
  'repatriation.person.withdrawn': PersonWithdrawnSchema,
  'repatriation.person.alternative-care': PersonAlternativeCareSchema,
  'repatriation.person.resumed': PersonResumedSchema,
  'repatriation.province-referral': ProvinceReferralSchema,
  'investigation.request': InvestigationRequestSchema,
  'investigation.acknowledgement': InvestigationAcknowledgementSchema,
  'investigation.extension': InvestigationExtensionSchema,
  'investigation.response': InvestigationResponseSchema,
  'case.note': CaseNoteSchema,
  'case.closed': CaseClosedSchema,
  'translation.status': TranslationStatusSchema,
  'consular.verification.request': ConsularVerificationRequestSchema,
  'consular.verification.result': ConsularVerificationResultSchema,
  'consular.notification': ConsularNotificationSchema,
} satisfies Record<MessageType, v.GenericSchema>);

/** The body of message type `T`, as its schema outputs it. */
export type BodyOf<T extends MessageType> = v.InferOutput<(typeof bodySchemas)[T]>;

/** What `validateBody` answers: the checked body, or where and why it fails. */
export type BodyValidation =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** An issue of the body as a whole, not of one of its fields. */
const whole = (path: string, message: string): FieldIssue => ({ path, kind: 'invalid', expected: null, params: {}, message });

/**
 * Checks `body` against the schema of `type`. Never throws; an unknown type is an issue at
 * `type`. Each issue has its kind (a valibot type or a rule code) and parameters, and a message
 * naming what was expected, never the received value, so it may travel in a `problem` detail.
 *
 * @example
 * validateBody('case.note', { text: '' });
 * // { ok: false, issues: [{ path: 'text', kind: 'min_length', expected: '>=1', params: { min: 1 }, message: 'min_length: >=1' }] }
 */
export function validateBody(type: string, body: unknown): BodyValidation {
  if (!Object.hasOwn(bodySchemas, type)) return { ok: false, issues: [whole('type', 'unknown message type')] };
  try {
    const result = v.safeParse(bodySchemas[type as MessageType], body);
    return result.success ? { ok: true, body: result.output } : { ok: false, issues: fieldIssues(result.issues) };
  } catch {
    return { ok: false, issues: [whole('', 'body could not be checked')] };
  }
}
