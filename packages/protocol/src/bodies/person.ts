/**
 * Steps about one person of a repatriation (issue 16): a person added to an open case, the
 * information asked for about one person, a person withdrawn, a person moved to alternative
 * care (not safe to return, or no consent to return) and back to the case.
 */
import * as v from 'valibot';
import { ruleMessage } from '../rules.ts';
import { IsoDate, pathIn, PersonRef, Text } from './common.ts';
import { ConsentSchema, lacksMeans, MEANS_REQUIRED } from './htcds.ts';
import { ReturneeSchema } from './repatriation.ts';

/** Why a person leaves a case before the handover. */
export const WITHDRAWAL_REASONS = ['witness', 'absconded', 'not-national', 'deceased', 'other'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/** Why a person waits in alternative care instead of going home now. */
export const ALTERNATIVE_CARE_REASONS = ['not-safe-to-return', 'no-consent-to-return', 'other'] as const;
export type AlternativeCareReason = (typeof ALTERNATIVE_CARE_REASONS)[number];

/**
 * `repatriation.person.added`: the host side adds a person found later (a sibling) to an open
 * case, with the same blocks and consent to share as a request's returnee.
 */
export const PersonAddedSchema = v.pipe(
  v.strictObject({
    returnee: ReturneeSchema,
    /** Day of the identification interview. */
    identifiedOn: IsoDate,
    note: v.optional(Text(2000)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const body = dataset.value;
    if (!body.returnee.consent.given) addIssue({ message: ruleMessage('consent-required'), path: pathIn(body, ['returnee', 'consent', 'given']) });
    if (lacksMeans(body.returnee.person, body.returnee.victim, body.identifiedOn)) {
      addIssue({ message: MEANS_REQUIRED, path: pathIn(body, ['returnee', 'victim', 'means']) });
    }
  }),
);
export type PersonAddedBody = v.InferOutput<typeof PersonAddedSchema>;

/** `repatriation.person.information`: the host side answers what was asked about one person. */
export const PersonInformationSchema = v.strictObject({
  personRef: PersonRef,
  text: Text(10_000),
});
export type PersonInformationBody = v.InferOutput<typeof PersonInformationSchema>;

/** `repatriation.person.withdrawn`: one person leaves the case, with a reason code. */
export const PersonWithdrawnSchema = v.strictObject({
  personRef: PersonRef,
  reason: v.picklist(WITHDRAWAL_REASONS),
  note: v.optional(Text(2000)),
});
export type PersonWithdrawnBody = v.InferOutput<typeof PersonWithdrawnSchema>;

/** `repatriation.person.alternative-care`: one person stays in care for now, with a reason code. */
export const PersonAlternativeCareSchema = v.strictObject({
  personRef: PersonRef,
  reason: v.picklist(ALTERNATIVE_CARE_REASONS),
  /** Where the person is cared for meanwhile (a shelter, foster care). */
  care: v.optional(Text(200)),
  note: v.optional(Text(2000)),
});
export type PersonAlternativeCareBody = v.InferOutput<typeof PersonAlternativeCareSchema>;

/**
 * `repatriation.person.resumed`: a person in alternative care returns to the case, with the
 * consent to return recorded now when it was missing.
 */
export const PersonResumedSchema = v.strictObject({
  personRef: PersonRef,
  returnConsent: v.optional(ConsentSchema),
  note: v.optional(Text(2000)),
});
export type PersonResumedBody = v.InferOutput<typeof PersonResumedSchema>;

/**
 * `repatriation.province-referral`: the home side forwards the case to the home province
 * (DOMAIN.md step 2) with a date by which the province answers; the host side sees the case
 * "with the province", and the audit counts the time on the home side.
 */
export const ProvinceReferralSchema = v.strictObject({
  province: Text(100),
  /** The provincial office the case is assigned to, e.g. `Oudomxay Provincial Labour and Social Welfare Department`. */
  assignee: v.optional(Text(200)),
  /** The date the province is asked to answer by. */
  dueOn: IsoDate,
  note: v.optional(Text(2000)),
});
export type ProvinceReferralBody = v.InferOutput<typeof ProvinceReferralSchema>;
