/** Bodies of a police investigation request and its answers (DOMAIN.md, investigation requests). */
import * as v from 'valibot';
import { ruleMessage } from '../rules.ts';
import {
  AttachmentRef,
  CountryCode,
  IsoDate,
  List,
  OfficerSchema,
  PersonRef,
  PhoneNumber,
  Text,
  Urgency,
} from './common.ts';
import { GENDERS } from './htcds.ts';

export const INVESTIGATION_KINDS = ['locate', 'identify', 'rescue', 'share-evidence'] as const;

/** A subject's part in the case. */
export const SUBJECT_ROLES = ['victim', 'suspect', 'witness', 'other'] as const;

/** HTCDS "websites and apps" list, for online accounts. */
export const PLATFORMS = [
  'Facebook',
  'Instagram',
  'WhatsApp',
  'Telegram',
  'FacebookMessenger',
  'Viber',
  'SnapChat',
  'Line',
  '4Sale',
  'WeChat',
  'QQ',
  'QZone',
  'TikTok',
  'Twitter',
  'Other',
] as const;

/** A place as precise as the sender knows it. */
export const LocationSchema = v.strictObject({
  country: CountryCode,
  province: v.optional(Text(100)),
  city: v.optional(Text(100)),
  /** Address, venue, landmarks. */
  detail: v.optional(Text(1000)),
});
export type Location = v.InferOutput<typeof LocationSchema>;

/** Whom or what the request is about: a person, a phone number, an online or bank account. */
export const SubjectSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('person'),
    role: v.picklist(SUBJECT_ROLES),
    /** The person's ref when the case already names them. */
    personRef: v.optional(PersonRef),
    givenName: v.optional(Text(100)),
    familyName: v.optional(Text(100)),
    otherNames: v.optional(List(Text(100), 0, 10)),
    gender: v.optional(v.picklist(GENDERS)),
    dateOfBirth: v.optional(IsoDate),
    approximateAge: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120))),
    citizenship: v.optional(List(CountryCode, 1, 3)),
    lastKnownLocation: v.optional(LocationSchema),
    description: v.optional(Text(2000)),
  }),
  v.strictObject({ type: v.literal('phone'), number: PhoneNumber, note: v.optional(Text(500)) }),
  v.strictObject({
    type: v.literal('online-account'),
    platform: v.picklist(PLATFORMS),
    /** User name, profile link or id as seen. */
    handle: Text(200),
    note: v.optional(Text(500)),
  }),
  v.strictObject({
    type: v.literal('bank-account'),
    bank: Text(200),
    number: Text(50),
    holderName: v.optional(Text(200)),
    note: v.optional(Text(500)),
  }),
]);
export type Subject = v.InferOutput<typeof SubjectSchema>;

/** `investigation.request`: one police agency asks another to locate, identify, rescue or share. */
export const InvestigationRequestSchema = v.strictObject({
  kind: v.picklist(INVESTIGATION_KINDS),
  subjects: List(SubjectSchema, 1, 20),
  /** What is known, and what is asked. */
  facts: Text(20_000),
  urgency: Urgency,
  /** Law, treaty article or case file the request rests on. */
  legalBasis: v.optional(Text(1000)),
  requestedBy: OfficerSchema,
});
export type InvestigationRequestBody = v.InferOutput<typeof InvestigationRequestSchema>;

/** `investigation.acknowledgement`: the request arrived and a unit works on it. */
export const InvestigationAcknowledgementSchema = v.pipe(
  v.strictObject({
    received: IsoDate,
    assignedUnit: Text(200),
    contact: v.optional(OfficerSchema),
    /** The day the answer is expected, not a commitment. */
    expectedAnswerBy: v.optional(IsoDate),
  }),
  v.forward(
    v.partialCheck(
      [['received'], ['expectedAnswerBy']],
      (a) => a.expectedAnswerBy === undefined || a.expectedAnswerBy >= a.received,
      ruleMessage('not-before-received'),
    ),
    ['expectedAnswerBy'],
  ),
);
export type InvestigationAcknowledgementBody = v.InferOutput<typeof InvestigationAcknowledgementSchema>;

/** `investigation.extension`: more time is needed, always with a reason. */
export const InvestigationExtensionSchema = v.strictObject({
  newDate: IsoDate,
  reason: Text(2000),
});
export type InvestigationExtensionBody = v.InferOutput<typeof InvestigationExtensionSchema>;

/** Who holds an identified phone or account; `subject` is its index in the request's subjects. */
export const IdentificationSchema = v.strictObject({
  subject: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(19)),
  holder: Text(500),
});

/** What the investigation achieved, per kind of request. */
export const InvestigationResultsSchema = v.strictObject({
  locatedAt: v.optional(LocationSchema),
  identified: v.optional(List(IdentificationSchema, 1, 20)),
  /** Number of victims rescued. */
  rescued: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
});

/** `investigation.response`: a partial or full answer, with evidence as attachments. */
export const InvestigationResponseSchema = v.strictObject({
  completeness: v.picklist(['partial', 'full']),
  findings: Text(20_000),
  results: v.optional(InvestigationResultsSchema),
  evidence: v.optional(List(AttachmentRef, 0, 50)),
  nextSteps: v.optional(Text(5000)),
});
export type InvestigationResponseBody = v.InferOutput<typeof InvestigationResponseSchema>;
