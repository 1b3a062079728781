/**
 * The Human Trafficking Case Data Standard (HTCDS 2.0, IOM) as the hub carries it: its code
 * lists, and the person, victim and consent blocks that business bodies share. Field names and
 * values follow HTCDS where it has them; the Trafficking in Persons Protocol elements (act,
 * means, purpose) are the hub's addition.
 */
import * as v from 'valibot';
import { ruleMessage } from '../rules.ts';
import { Codes, CountryCode, IsoDate, LanguageCode, List, PersonRef, PhoneNumber, Text } from './common.ts';

export const GENDERS = [
  'Feminine',
  'Masculine',
  'TransgenderFeminine',
  'TransgenderMasculine',
  'NonConforming',
  'NonSpecifiedUnknown',
] as const;

export const TRAFFICKING_STATUSES = [
  'PossibleVictimOfTrafficking',
  'ActualVictimOfTrafficking',
  'NotAVictimOfTrafficking',
] as const;

/** Types of exploitation: the Protocol's purpose element. */
export const EXPLOITATION_TYPES = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedMarriage',
  'Servitude',
  'ForcedBegging',
  'OrganRemoval',
  'ForcedCriminality',
  'Other',
] as const;

export const METHODS_OF_CONTROL = [
  'DebtBondage',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'Threats',
  'PsychologicalAbuse',
  'PhysicalAbuse',
  'SexualAbuse',
  'FalsePromises',
  'PsychoactiveSubstances',
  'RestrictsMovement',
  'RestrictsMedicalCare',
  'ExcessiveWorkingHours',
  'UsesChildren',
  'ThreatOfLawEnforcement',
  'WithholdsNecessities',
  'WithholdsDocuments',
  'Other',
] as const;

/** HTCDS method of recruitment; its labels written as identifiers. */
export const METHODS_OF_RECRUITMENT = [
  'Abduction',
  'EducationalFacility',
  'Familial',
  'Internet',
  'InternationalMarriageBroker',
  'IntimatePartnerOrMarriageProposition',
  'JobOffer',
  'PosingAsBenefactor',
  'PublicArea',
  'OfferOfAccommodation',
  'Shelter',
  'SmugglingRansom',
  'Work',
  'Other',
  'Unknown',
] as const;

export const RELATIONSHIPS_TO_TRAFFICKER = ['Familial', 'Acquainted', 'Unacquainted'] as const;

/** HTCDS case status. */
export const CASE_STATUSES = ['Active', 'FollowUp', 'Closed', 'ClosedReferred'] as const;

/** The Protocol's act element. */
export const TRAFFICKING_ACTS = ['Recruitment', 'Transport', 'Transfer', 'Harbouring', 'Receipt'] as const;

/** The Protocol's means element; not needed when the victim is a child. */
export const TRAFFICKING_MEANS = [
  'Threat',
  'Force',
  'Coercion',
  'Abduction',
  'Fraud',
  'Deception',
  'AbuseOfPower',
  'AbuseOfVulnerability',
  'Payments',
] as const;

/** Identity and travel papers a person may have; `family-book` is the Lao household register. */
export const DOCUMENT_TYPES = [
  'passport',
  'id-card',
  'family-book',
  'birth-certificate',
  'border-pass',
  'travel-certificate',
  'laissez-passer',
  'other',
] as const;

/** Where a document is now. */
export const DOCUMENT_HOLDERS = ['person', 'trafficker', 'employer', 'authorities', 'shelter', 'lost', 'unknown'] as const;

/** Who gave consent to share: the person, or for a child a parent, guardian or social worker. */
export const CONSENT_GIVERS = ['self', 'parent', 'guardian', 'social-worker'] as const;

/** One identity or travel document. */
export const IdentityDocumentSchema = v.strictObject({
  type: v.picklist(DOCUMENT_TYPES),
  number: v.optional(Text(40)),
  issuingCountry: v.optional(CountryCode),
  heldBy: v.optional(v.picklist(DOCUMENT_HOLDERS)),
});
export type IdentityDocument = v.InferOutput<typeof IdentityDocumentSchema>;

/** HTCDS person: who someone is. Either `dateOfBirth` or `ageWhenTrafficked` is given. */
export const PersonSchema = v.pipe(
  v.strictObject({
    /** This person's reference in the case; later messages name them by it. */
    ref: PersonRef,
    givenName: Text(100),
    familyName: v.optional(Text(100)),
    /** Aliases, and the name in other scripts (Lao, Thai, Chinese). */
    otherNames: v.optional(List(Text(100), 0, 10)),
    gender: v.picklist(GENDERS),
    dateOfBirth: v.optional(IsoDate),
    /** Age in years when trafficked, when the date of birth is not known. */
    ageWhenTrafficked: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120))),
    /** Citizenship as claimed or known; the home side confirms it. */
    citizenship: v.optional(List(CountryCode, 1, 3)),
    primaryLanguage: v.optional(LanguageCode),
    documents: v.optional(List(IdentityDocumentSchema, 0, 10)),
  }),
  v.forward(
    v.partialCheck(
      [['dateOfBirth'], ['ageWhenTrafficked']],
      (p) => p.dateOfBirth !== undefined || p.ageWhenTrafficked !== undefined,
      ruleMessage('birth-or-age'),
    ),
    ['dateOfBirth'],
  ),
);
export type Person = v.InferOutput<typeof PersonSchema>;

/** HTCDS victim context, with the Protocol's act and means (purpose is `typeOfExploitation`). */
export const VictimSchema = v.strictObject({
  traffickingStatus: v.picklist(TRAFFICKING_STATUSES),
  /** The purpose element. */
  typeOfExploitation: Codes(EXPLOITATION_TYPES, 1),
  methodsOfControl: v.optional(Codes(METHODS_OF_CONTROL)),
  methodOfRecruitment: v.optional(Codes(METHODS_OF_RECRUITMENT)),
  relationshipToTrafficker: v.optional(v.picklist(RELATIONSHIPS_TO_TRAFFICKER)),
  act: Codes(TRAFFICKING_ACTS, 1),
  /** Required for an adult victim; may be left out for a child (see `lacksMeans`). */
  means: v.optional(Codes(TRAFFICKING_MEANS)),
});
export type Victim = v.InferOutput<typeof VictimSchema>;

/** Consent to share this person's data with the other agency, as recorded at interview. */
export const ConsentSchema = v.strictObject({
  given: v.boolean(),
  by: v.picklist(CONSENT_GIVERS),
  /** Name of the parent, guardian or social worker when `by` is not `self`. */
  name: v.optional(Text(200)),
  date: IsoDate,
});
export type Consent = v.InferOutput<typeof ConsentSchema>;

/** Home address as the person gives it, precise enough for family tracing. */
export const HomeAddressSchema = v.strictObject({
  country: CountryCode,
  province: v.optional(Text(100)),
  district: v.optional(Text(100)),
  village: v.optional(Text(100)),
  /** Landmarks, village head, anything that helps find the family. */
  detail: v.optional(Text(1000)),
});
export type HomeAddress = v.InferOutput<typeof HomeAddressSchema>;

/** A relative or other contact of the person's family. */
export const FamilyContactSchema = v.strictObject({
  name: Text(200),
  /** e.g. `mother`, `elder brother`, `village head`. */
  relationship: Text(100),
  phone: v.optional(PhoneNumber),
  address: v.optional(Text(1000)),
});
export type FamilyContact = v.InferOutput<typeof FamilyContactSchema>;

/** Full years between `dateOfBirth` and `on`, both `YYYY-MM-DD`. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/**
 * `true` when the person was under 18 when trafficked, as far as the record shows:
 * `ageWhenTrafficked` under 18, or under 18 on `on` (e.g. the day they were identified).
 */
export function isChild(person: Pick<Person, 'dateOfBirth' | 'ageWhenTrafficked'>, on?: string): boolean {
  if (person.ageWhenTrafficked !== undefined && person.ageWhenTrafficked < 18) return true;
  return person.dateOfBirth !== undefined && on !== undefined && ageOn(person.dateOfBirth, on) < 18;
}

/** Message of the means rule, for the issues bodies raise. */
export const MEANS_REQUIRED = ruleMessage('means-required');

/**
 * `true` when the victim record breaks the Protocol's rule: an adult (possible or actual) victim
 * needs the means element; a child under 18 does not.
 */
export function lacksMeans(person: Pick<Person, 'dateOfBirth' | 'ageWhenTrafficked'>, victim: Victim, on?: string): boolean {
  if (victim.traffickingStatus === 'NotAVictimOfTrafficking') return false;
  return (victim.means ?? []).length === 0 && !isChild(person, on);
}
