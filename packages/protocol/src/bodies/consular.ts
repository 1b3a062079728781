/**
 * Consular bodies (`la-national` only): the Lao embassy in Beijing asks the Lao focal point to
 * verify the nationality of a woman found in China, and gets the answer.
 */
import * as v from 'valibot';
import { ruleMessage } from '../rules.ts';
import { IsoDate, List, PersonRef, PhoneNumber, Text } from './common.ts';
import {
  ConsentSchema,
  FamilyContactSchema,
  HomeAddressSchema,
  IdentityDocumentSchema,
  lacksMeans,
  MEANS_REQUIRED,
  PersonSchema,
  VictimSchema,
} from './htcds.ts';

/** How the case reached the embassy. */
export const CONSULAR_CIRCUMSTANCES = ['called-for-help', 'held-by-police', 'referred', 'other'] as const;

/** How to reach the person, or whoever holds her. At least one field. */
export const ConsularContactSchema = v.pipe(
  v.strictObject({
    name: v.optional(Text(200)),
    phone: v.optional(PhoneNumber),
    weChat: v.optional(Text(100)),
    note: v.optional(Text(1000)),
  }),
  v.check((c) => Object.keys(c).length > 0, ruleMessage('contact-required')),
);

/** `consular.verification.request`: verify this person's Lao nationality. */
export const ConsularVerificationRequestSchema = v.pipe(
  v.strictObject({
    person: PersonSchema,
    /** What is known of the trafficking, when she has been identified as a (possible) victim. */
    victim: v.optional(VictimSchema),
    circumstances: v.picklist(CONSULAR_CIRCUMSTANCES),
    circumstancesDetail: v.optional(Text(5000)),
    locationInChina: v.strictObject({ province: Text(100), city: v.optional(Text(100)), detail: v.optional(Text(1000)) }),
    /** First day in police custody, when held. */
    detainedSince: v.optional(IsoDate),
    documentsHeld: List(IdentityDocumentSchema, 0, 10),
    home: v.optional(HomeAddressSchema),
    familyContacts: v.optional(List(FamilyContactSchema, 0, 10)),
    contact: ConsularContactSchema,
    consent: v.optional(ConsentSchema),
  }),
  v.forward(
    v.partialCheck(
      [['circumstances'], ['circumstancesDetail']],
      (r) => r.circumstances !== 'other' || r.circumstancesDetail !== undefined,
      ruleMessage('detail-for-other'),
    ),
    ['circumstancesDetail'],
  ),
  v.forward(
    v.partialCheck(
      [['person'], ['victim'], ['detainedSince']],
      (r) => r.victim === undefined || !lacksMeans(r.person, r.victim, r.detainedSince),
      MEANS_REQUIRED,
    ),
    ['victim', 'means'],
  ),
);
export type ConsularVerificationRequestBody = v.InferOutput<typeof ConsularVerificationRequestSchema>;

/**
 * `consular.verification.result`: the focal point's finding on the woman's nationality. It
 * carries no travel document: the embassy issues that itself, as a step of the repatriation
 * (`repatriation.travel-document`; issue 16 removed `travelDocument` here, which had the
 * focal point report a document the embassy issued). A later result corrects an earlier
 * finding and must say why (`revisionReason`); both sides keep every finding in the thread.
 */
export const ConsularVerificationResultSchema = v.strictObject({
  personRef: PersonRef,
  nationalityConfirmed: v.boolean(),
  /** What the finding rests on: family book entry, village head, family interview. */
  basis: Text(2000),
  /** Why this finding corrects the case's earlier one (new evidence, an error found). */
  revisionReason: v.optional(Text(2000)),
});
export type ConsularVerificationResultBody = v.InferOutput<typeof ConsularVerificationResultSchema>;

/** Whether the woman held agreed that the embassy be told about her. */
export const NOTIFICATION_CONSENT = ['given', 'refused', 'not-asked'] as const;

/**
 * `consular.notification` (agreement `la-cn`, Chinese police to the embassy; issue 16): the
 * police hold a woman without papers who says she is Lao (the most common way a case starts).
 * The embassy's node opens an intake from it; the desk then asks for verification and a return.
 */
export const ConsularNotificationSchema = v.strictObject({
  person: PersonSchema,
  /** Where she is held. */
  locationInChina: v.strictObject({ province: Text(100), city: v.optional(Text(100)), detail: v.optional(Text(1000)) }),
  /** First day in police custody. */
  detainedSince: IsoDate,
  documentsHeld: List(IdentityDocumentSchema, 0, 10),
  /** Who holds her and how to reach them. */
  contact: ConsularContactSchema,
  /** Whether she agreed that the embassy be told (and her data shared with it). */
  consentStatus: v.picklist(NOTIFICATION_CONSENT),
  circumstancesDetail: v.optional(Text(5000)),
});
export type ConsularNotificationBody = v.InferOutput<typeof ConsularNotificationSchema>;
