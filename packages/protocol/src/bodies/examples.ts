/**
 * One realistic body per message type, for tests, fixtures and demos. The case is invented:
 * a Thai shelter asks for the return of two Lao women, one of them 16; the police of both
 * sides trace the recruiter; a second case has the Lao embassy in Beijing verify a woman held
 * by Chinese police. Names, numbers and places are fictional.
 *
 * The bodies are deeply frozen: `structuredClone` one before changing it.
 */
import type { MessageType } from '../message-types.ts';
import type { CaseClosedBody, CaseNoteBody, TranslationStatusBody } from './case.ts';
import type { ConsularNotificationBody, ConsularVerificationRequestBody, ConsularVerificationResultBody } from './consular.ts';
import type { HandoverCompletedBody, HandoverConfirmationBody, HandoverProposalBody } from './handover.ts';
import type {
  InvestigationAcknowledgementBody,
  InvestigationExtensionBody,
  InvestigationRequestBody,
  InvestigationResponseBody,
} from './investigation.ts';
import type { PersonAddedBody, PersonAlternativeCareBody, PersonInformationBody, PersonResumedBody, PersonWithdrawnBody, ProvinceReferralBody } from './person.ts';
import type { ProblemBody, ReceiptBody } from './protocol.ts';
import type {
  RepatriationAssessmentBody,
  RepatriationReintegrationUpdateBody,
} from './repatriation.ts';
import { bridge, EXAMPLE_IDS, laoReceivingOfficer, repatriationRequest, shelterSocialWorker, travelDocuments } from './examples-repatriation.ts';

export { EXAMPLE_IDS } from './examples-repatriation.ts';

const bodies = {
  receipt: {
    for: EXAMPLE_IDS.request,
    status: 'accepted',
    received: '2026-02-11T02:14:07.412Z',
    envelope: 'sha256:TFA8pndh5cSq7P6ZYkTCXYwLQJAtEIXIW0RovVZ1SMY',
  } satisfies ReceiptBody,

  problem: {
    for: EXAMPLE_IDS.request,
    code: 'schema-invalid',
    detail: 'repatriation.request body: persons.1.consent.given (raw_check)',
  } satisfies ProblemBody,

  'repatriation.request': repatriationRequest,

  'repatriation.assessment': {
    assessedOn: '2026-02-24',
    persons: [
      {
        personRef: 'P1',
        nationalityConfirmed: true,
        nationalityReason: 'Listed in the family book of Ban Nongbua; confirmed by the village head.',
        familyFound: true,
        safeToReturn: true,
        province: 'Savannakhet',
        assessmentNotes: 'Mother and two brothers at home; the family wants her back.',
      },
      {
        personRef: 'P2',
        nationalityConfirmed: true,
        nationalityReason: 'Birth registered in Pakse district; grandmother holds the family book.',
        familyFound: true,
        safeToReturn: true,
        province: 'Champasak',
        assessmentNotes: 'Grandmother is her carer. Provincial social welfare will follow up her schooling.',
      },
    ],
  } satisfies RepatriationAssessmentBody,

  'repatriation.travel-document': travelDocuments,

  'repatriation.handover.proposal': {
    date: '2026-03-17',
    time: '09:30',
    checkpoint: bridge,
    escorts: [shelterSocialWorker, { name: 'Pol. Sen. Sgt. Maj. Anan Wongsa', agency: 'th-rtp', role: 'police escort' }],
    persons: ['P1', 'P2'],
  } satisfies HandoverProposalBody,

  'repatriation.handover.confirmation': {
    proposal: EXAMPLE_IDS.proposal,
    confirmed: true,
    receivingOfficers: [laoReceivingOfficer],
  } satisfies HandoverConfirmationBody,

  'repatriation.handover.completed': {
    proposal: EXAMPLE_IDS.proposal,
    records: (['P1', 'P2'] as const).map((personRef, i) => ({
      personRef,
      handedOverAt: `2026-03-17T03:0${5 + i}:00.000Z`,
      checkpoint: bridge,
      handingOfficer: shelterSocialWorker,
      receivingOfficer: laoReceivingOfficer,
      signatures: {
        handingOfficer: true,
        receivingOfficer: true,
        person: true,
        form: i === 0
          ? { name: 'sha256:Udo_AHxCGQQIcRt2YETi-M8__tkLtJPM2PrlKkuTm2A', digest: 'sha256:3u2c2aWcbtHvNKk0hnBO6MXJ2yYmHx2MVQrTGgeU1kM', size: 2411724, mediaType: 'application/pdf' }
          : { name: 'sha256:TDFoDkrtxH1A-UYpX0vF-6VTv2vFkPJ9bxbxNU_mIf4', digest: 'sha256:bW5oc0M2xq1XU8B7i-ZzH4jLqNR5Zx2dE4s0c0Vd9mA', size: 2380113, mediaType: 'application/pdf' },
      },
    })),
  } satisfies HandoverCompletedBody,

  'repatriation.reintegration.update': {
    personRef: 'P2',
    stage: 'escorted-home',
    date: '2026-03-24',
    summary:
      'Stayed six days at the Vientiane transit centre (medical check, counselling). Escorted to Pakse ' +
      'by provincial social welfare and handed to her grandmother. Re-enrolled in lower secondary school.',
    services: ['shelter', 'medical', 'psychosocial', 'family-mediation', 'transport', 'education'],
  } satisfies RepatriationReintegrationUpdateBody,

  'repatriation.person.added': {
    returnee: {
      person: {
        ref: 'P3',
        givenName: 'Noy',
        familyName: 'Keomany',
        gender: 'Feminine',
        dateOfBirth: '2011-05-02',
        citizenship: ['LA'],
        primaryLanguage: 'lo',
      },
      victim: {
        traffickingStatus: 'ActualVictimOfTrafficking',
        typeOfExploitation: ['ChildLabour'],
        act: ['Recruitment', 'Transport'],
      },
      home: { country: 'LA', province: 'Champasak', district: 'Pakse' },
      familyContacts: [{ name: 'Nang Keomany', relationship: 'grandmother' }],
      consent: { given: true, by: 'social-worker', name: 'Pranee Srisuk', date: '2026-02-20' },
      returnConsent: { given: true, by: 'guardian', name: 'Nang Keomany', date: '2026-02-21' },
    },
    identifiedOn: '2026-02-19',
    note: "Phet's younger sister, found at the same factory by the labour inspection.",
  } satisfies PersonAddedBody,

  'repatriation.person.information': {
    personRef: 'P2',
    text: 'Her grandmother confirmed the Pakse address by phone on 24 February; the school record is attached to the case file.',
  } satisfies PersonInformationBody,

  'repatriation.person.withdrawn': {
    personRef: 'P1',
    reason: 'witness',
    note: 'Stays in Thailand to testify; the prosecutor expects the trial in June.',
  } satisfies PersonWithdrawnBody,

  'repatriation.person.alternative-care': {
    personRef: 'P2',
    reason: 'not-safe-to-return',
    care: 'Baan Kredtrakarn shelter',
    note: 'The uncle who sold her lives in the same house; the province looks for another relative.',
  } satisfies PersonAlternativeCareBody,

  'repatriation.person.resumed': {
    personRef: 'P2',
    note: 'The province found an aunt in Pakse willing to take her in; assessed safe on 10 March.',
  } satisfies PersonResumedBody,

  'repatriation.province-referral': {
    province: 'Champasak',
    assignee: 'Champasak Provincial Labour and Social Welfare Department',
    dueOn: '2026-02-27',
    note: 'Trace the families in Outhoumphone and Pakse districts; report whether both are safe homes.',
  } satisfies ProvinceReferralBody,

  'investigation.request': {
    kind: 'identify',
    subjects: [
      { type: 'phone', number: '+8562099912345', note: 'Number the recruiter called the victims from.' },
      { type: 'online-account', platform: 'Facebook', handle: 'Jop Ngan Thai Salary Dee', note: 'Page that posted the job offer.' },
      {
        type: 'person',
        role: 'suspect',
        givenName: 'Bounmy',
        gender: 'Feminine',
        approximateAge: 40,
        citizenship: ['LA'],
        lastKnownLocation: { country: 'LA', province: 'Savannakhet', city: 'Kaysone Phomvihane' },
        description: 'Recruiter known to the family of P1; sells cosmetics at the market.',
      },
    ],
    facts:
      'Two Lao women (case thread of the repatriation request) were recruited in Savannakhet with a job offer ' +
      'and exploited in Ubon Ratchathani. The recruiter used the phone number and Facebook page above. We ask ' +
      'who holds them, and the identity of the recruiter.',
    urgency: 'normal',
    legalBasis: 'Lao-Thai MOU on cooperation to combat trafficking in persons (2005); Anti-Trafficking in Persons Act B.E. 2551',
    requestedBy: { name: 'Pol. Lt. Col. Narong Chaiyaporn', agency: 'th-rtp', role: 'Anti-Trafficking in Persons Division' },
  } satisfies InvestigationRequestBody,

  'investigation.acknowledgement': {
    received: '2026-02-20',
    assignedUnit: 'Anti-Human Trafficking Unit, Savannakhet Provincial Police',
    contact: { name: 'Pol. Maj. Souliya Phanthavong', agency: 'la-mps' },
    expectedAnswerBy: '2026-03-06',
  } satisfies InvestigationAcknowledgementBody,

  'investigation.extension': {
    newDate: '2026-03-20',
    reason: 'The phone number is registered in Champasak; the provincial police have been asked for the subscriber file.',
  } satisfies InvestigationExtensionBody,

  'investigation.response': {
    completeness: 'partial',
    findings:
      'The phone number is registered to the suspect, who was questioned on 2026-03-12 and released on bail. ' +
      'The Facebook page was removed before it could be preserved.',
    results: { identified: [{ subject: 0, holder: 'Registered to the suspect (subject 2), resident of Kaysone Phomvihane.' }] },
    evidence: [
      { name: 'sha256:sCVicGPA4W2TbaQ1tc0KCRyB0-Ytl-3Hk-85MWD1wyE', digest: 'sha256:Q0yO1qk3d3Zr9k2Qe0c0J1pJmQd6xqK3h3Z0vQy9f1s', size: 184220, mediaType: 'image/jpeg' },
      { name: 'sha256:WD1RNFscn3-4SQlJG3XJWZ6WfpQRJaBFo78eVLuBzWA', digest: 'sha256:Zk3r0B8nq2rV6cM1z9sQm7Xy0pL4tE5wA2hD8gK1jNc', size: 96512, mediaType: 'application/pdf' },
    ],
    nextSteps: 'The case file goes to the Savannakhet prosecutor; we will share the indictment.',
  } satisfies InvestigationResponseBody,

  'case.note': { text: 'Called the shelter: both women are well and have spoken to their families by phone.' } satisfies CaseNoteBody,

  'case.closed': {
    status: 'ClosedReferred',
    reason: 'Both women returned and reintegrated; follow-up continues with the provincial office.',
    referredTo: { name: 'Champasak Provincial Labour and Social Welfare Office', agency: 'la-mlsw' },
  } satisfies CaseClosedBody,

  'translation.status': {
    document: { kind: 'attachment', id: 'sha256:sRHG4dMY8gMGPlwWurQ8EIMmrwqi97ZXYMlVR6Q9vlI' },
    sourceLang: 'th',
    targetLang: 'lo',
    status: 'translated',
    translator: { name: 'Vilayphone Sayavong', agency: 'la-mlsw', role: 'translator' },
    translation: 'sha256:g5zRFpLoKzU5mAJ3ig1LCPshaQ63V6fZ5QMNmivMK5c',
  } satisfies TranslationStatusBody,

  'consular.verification.request': {
    person: {
      ref: 'C1',
      givenName: 'Vanh',
      familyName: 'Inthavong',
      gender: 'Feminine',
      dateOfBirth: '2001-03-15',
      citizenship: ['LA'],
      primaryLanguage: 'lo',
    },
    victim: {
      traffickingStatus: 'PossibleVictimOfTrafficking',
      typeOfExploitation: ['ForcedMarriage'],
      methodsOfControl: ['RestrictsMovement', 'WithholdsDocuments'],
      methodOfRecruitment: ['InternationalMarriageBroker'],
      relationshipToTrafficker: 'Unacquainted',
      act: ['Recruitment', 'Transport', 'Transfer'],
      means: ['Deception', 'Payments'],
    },
    circumstances: 'held-by-police',
    circumstancesDetail: 'Left the man she was sold to as a wife; police found her without papers at a bus station.',
    locationInChina: { province: 'Hebei', city: 'Handan' },
    detainedSince: '2026-01-12',
    documentsHeld: [{ type: 'id-card', issuingCountry: 'LA', heldBy: 'trafficker' }],
    home: { country: 'LA', province: 'Oudomxay', district: 'Xay', village: 'Ban Nathong' },
    contact: { name: 'Handan PSB, exit-entry administration', phone: '+863105551234' },
    consent: { given: true, by: 'self', date: '2026-01-20' },
  } satisfies ConsularVerificationRequestBody,

  'consular.verification.result': {
    personRef: 'C1',
    nationalityConfirmed: true,
    basis: 'Entry found in the family book of Ban Nathong, Xay district; her father identified her from a photo.',
  } satisfies ConsularVerificationResultBody,

  'consular.notification': {
    person: {
      ref: 'C1',
      givenName: 'Vanh',
      familyName: 'Inthavong',
      gender: 'Feminine',
      dateOfBirth: '2001-03-15',
      citizenship: ['LA'],
      primaryLanguage: 'lo',
    },
    locationInChina: { province: 'Hebei', city: 'Handan', detail: 'Exit-entry administration holding rooms' },
    detainedSince: '2026-01-12',
    documentsHeld: [{ type: 'id-card', issuingCountry: 'LA', heldBy: 'trafficker' }],
    contact: { name: 'Handan PSB, exit-entry administration', phone: '+863105551234' },
    consentStatus: 'given',
    circumstancesDetail: 'Found without papers at a bus station; she says she was sold as a wife and ran away.',
  } satisfies ConsularNotificationBody,
} satisfies Record<MessageType, unknown>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A valid body of every message type, deeply frozen. */
export const exampleBodies: typeof bodies = deepFreeze(bodies);
