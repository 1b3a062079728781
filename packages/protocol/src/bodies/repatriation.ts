/** Bodies of a repatriation case (DOMAIN.md steps 1-3 and 6); the handover is in `handover.ts`. */
import * as v from 'valibot';
import { AgencyId } from '../names.ts';
import { ruleMessage } from '../rules.ts';
import { Codes, IsoDate, isUniqueBy, List, PersonRef, pathIn, Text, Urgency } from './common.ts';
import {
  ConsentSchema,
  DOCUMENT_TYPES,
  FamilyContactSchema,
  HomeAddressSchema,
  lacksMeans,
  MEANS_REQUIRED,
  PersonSchema,
  VictimSchema,
} from './htcds.ts';

/** What the host side asks the home side to do. */
export const REPATRIATION_REQUESTS = ['familyTracing', 'nationalityVerification', 'travelDocument'] as const;

/** One person to return: who they are, what happened, where home is, their consent. */
export const ReturneeSchema = v.strictObject({
  person: PersonSchema,
  victim: VictimSchema,
  home: HomeAddressSchema,
  familyContacts: v.optional(List(FamilyContactSchema, 0, 10)),
  consent: ConsentSchema,
  /**
   * Consent to return home (voluntary return), as recorded at interview (issue 16). Without it,
   * given, the person cannot be put in a handover; it may be recorded later
   * (`repatriation.person.resumed`).
   */
  returnConsent: v.optional(ConsentSchema),
});
export type Returnee = v.InferOutput<typeof ReturneeSchema>;

/**
 * `repatriation.request`: the host side asks for family tracing, nationality verification and
 * a travel document for the victims it identified. Every person must have consented to sharing.
 */
export const RepatriationRequestSchema = v.pipe(
  v.strictObject({
    persons: v.pipe(
      List(ReturneeSchema, 1, 50),
      v.check((list) => isUniqueBy(list, (r) => r.person.ref), ruleMessage('distinct-persons')),
    ),
    requests: Codes(REPATRIATION_REQUESTS, 1),
    /** The shelter holding the persons now. */
    hostShelter: v.strictObject({ name: Text(200), province: v.optional(Text(100)) }),
    /** Day of the identification interview. */
    identifiedOn: IsoDate,
    interviewSummary: v.optional(Text(20_000)),
    urgency: Urgency,
    /**
     * A consular party of the home side (issue 16, additive): the embassy that took her in,
     * beside the home focal point the request is addressed to (`to`). Both receive every step
     * of the case; the embassy issues the travel document.
     */
    consular: v.optional(v.strictObject({ agency: AgencyId, focalPoint: AgencyId })),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const body = dataset.value;

    body.persons.forEach((entry, i) => {
      if (!entry.consent.given) {
        addIssue({ message: ruleMessage('consent-required'), path: pathIn(body, ['persons', i, 'consent', 'given']) });
      }
      if (lacksMeans(entry.person, entry.victim, body.identifiedOn)) {
        addIssue({ message: MEANS_REQUIRED, path: pathIn(body, ['persons', i, 'victim', 'means']) });
      }
    });
  }),
);
export type RepatriationRequestBody = v.InferOutput<typeof RepatriationRequestSchema>;

/** The home side's finding for one person. A nationality not (yet) confirmed needs a reason. */
export const PersonAssessmentSchema = v.pipe(
  v.strictObject({
    personRef: PersonRef,
    /** `null` while verification is still under way. */
    nationalityConfirmed: v.nullable(v.boolean()),
    /** Why nationality is not confirmed, or what confirmed it. */
    nationalityReason: v.optional(Text(2000)),
    familyFound: v.boolean(),
    safeToReturn: v.boolean(),
    /** The home province that traced the family. */
    province: Text(100),
    assessmentNotes: v.optional(Text(10_000)),
  }),
  v.forward(
    v.partialCheck(
      [['nationalityConfirmed'], ['nationalityReason']],
      (a) => a.nationalityConfirmed === true || a.nationalityReason !== undefined,
      ruleMessage('reason-unconfirmed'),
    ),
    ['nationalityReason'],
  ),
);

/** `repatriation.assessment`: family tracing and nationality verification results. */
export const RepatriationAssessmentSchema = v.strictObject({
  persons: v.pipe(
    List(PersonAssessmentSchema, 1, 50),
    v.check((list) => isUniqueBy(list, (a) => a.personRef), ruleMessage('distinct-persons')),
  ),
  assessedOn: IsoDate,
});
export type RepatriationAssessmentBody = v.InferOutput<typeof RepatriationAssessmentSchema>;

/** Documents the hub carries as travel documents (a subset of `DOCUMENT_TYPES`). */
export const TRAVEL_DOCUMENT_TYPES = ['passport', 'travel-certificate', 'laissez-passer', 'id-card'] as const satisfies
  readonly (typeof DOCUMENT_TYPES)[number][];

/** A travel document issued to one person; valid after it was issued. */
export const TravelDocumentSchema = v.pipe(
  v.strictObject({
    personRef: PersonRef,
    documentType: v.picklist(TRAVEL_DOCUMENT_TYPES),
    number: v.pipe(v.string(), v.regex(/^[A-Z0-9][A-Z0-9/-]{0,29}$/, ruleMessage('document-number'))),
    /** Issuing authority, e.g. `Embassy of the Lao PDR, Beijing`. */
    issuedBy: Text(200),
    issuedOn: IsoDate,
    validUntil: IsoDate,
  }),
  v.forward(
    v.partialCheck([['issuedOn'], ['validUntil']], (d) => d.validUntil > d.issuedOn, ruleMessage('after-issued')),
    ['validUntil'],
  ),
);
export type TravelDocument = v.InferOutput<typeof TravelDocumentSchema>;

/** `repatriation.travel-document`: documents issued for persons without papers. */
export const RepatriationTravelDocumentSchema = v.strictObject({
  documents: List(TravelDocumentSchema, 1, 50),
});
export type RepatriationTravelDocumentBody = v.InferOutput<typeof RepatriationTravelDocumentSchema>;

export const REINTEGRATION_STAGES = ['transit-centre', 'escorted-home', 'follow-up', 'closed'] as const;

/** Services a returnee received; counted in the Secretariat's outcome figures. */
export const REINTEGRATION_SERVICES = [
  'shelter',
  'medical',
  'psychosocial',
  'legal',
  'education',
  'vocational-training',
  'livelihood',
  'family-mediation',
  'transport',
  'other',
] as const;

/** `repatriation.reintegration.update`: feedback to the host agency on one returnee. */
export const RepatriationReintegrationUpdateSchema = v.strictObject({
  personRef: PersonRef,
  stage: v.picklist(REINTEGRATION_STAGES),
  date: IsoDate,
  summary: Text(5000),
  services: Codes(REINTEGRATION_SERVICES),
});
export type RepatriationReintegrationUpdateBody = v.InferOutput<typeof RepatriationReintegrationUpdateSchema>;
