/**
 * The repatriation example's people, place and longest bodies (the request and the travel
 * documents), used by {@link ./examples.ts}: two Lao women in a Thai shelter, one of them 16.
 * Names, numbers and places are fictional.
 */
import type { RepatriationRequestBody, RepatriationTravelDocumentBody } from './repatriation.ts';

/** Ids of earlier messages of the example threads. */
export const EXAMPLE_IDS = {
  request: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d',
  proposal: '019cf0a2-3d4e-7f50-8a61-b2c3d4e5f607',
  investigation: '019c7d10-2e3f-7a4b-b5c6-d7e8f9a0b1c2',
} as const;

export const shelterSocialWorker = { name: 'Pranee Srisuk', agency: 'th-msdhs', role: 'social worker, Baan Kredtrakarn' };
export const laoReceivingOfficer = { name: 'Somphone Keomanivong', agency: 'la-mlsw', role: 'Vientiane transit centre' };
export const bridge = { id: 'nong-khai-vientiane-friendship-bridge' } as const;

export const repatriationRequest = {
  requests: ['familyTracing', 'nationalityVerification', 'travelDocument'],
  hostShelter: { name: 'Baan Kredtrakarn Protection and Occupational Development Centre', province: 'Nonthaburi' },
  identifiedOn: '2026-02-10',
  urgency: 'normal',
  interviewSummary:
    'Both women were recruited in Savannakhet by a woman known to one of their families, who offered ' +
    'restaurant work in Bangkok. They crossed at Mukdahan and were taken to a karaoke bar in Ubon Ratchathani, ' +
    'told they owed 30,000 baht each for travel, and made to sell sex to pay it. Their border passes were ' +
    'taken on arrival. Police rescued them on 2026-01-27 after a customer reported the younger one.',
  persons: [
    {
      person: {
        ref: 'P1',
        givenName: 'Khamla',
        familyName: 'Sisouphanh',
        otherNames: ['ຄຳລາ ສີສຸພັນ', 'Nok'],
        gender: 'Feminine',
        dateOfBirth: '2002-11-04',
        citizenship: ['LA'],
        primaryLanguage: 'lo',
        documents: [{ type: 'border-pass', issuingCountry: 'LA', heldBy: 'trafficker' }],
      },
      victim: {
        traffickingStatus: 'ActualVictimOfTrafficking',
        typeOfExploitation: ['SexualExploitation'],
        methodsOfControl: ['DebtBondage', 'WithholdsDocuments', 'RestrictsMovement', 'FalsePromises'],
        methodOfRecruitment: ['JobOffer'],
        relationshipToTrafficker: 'Acquainted',
        act: ['Recruitment', 'Transport', 'Harbouring'],
        means: ['Deception', 'AbuseOfVulnerability'],
      },
      home: { country: 'LA', province: 'Savannakhet', district: 'Outhoumphone', village: 'Ban Nongbua' },
      familyContacts: [{ name: 'Bouavanh Sisouphanh', relationship: 'mother', phone: '+8562055512345' }],
      consent: { given: true, by: 'self', date: '2026-02-10' },
      returnConsent: { given: true, by: 'self', date: '2026-02-10' },
    },
    {
      person: {
        ref: 'P2',
        givenName: 'Phet',
        familyName: 'Keomany',
        gender: 'Feminine',
        dateOfBirth: '2009-08-21',
        citizenship: ['LA'],
        primaryLanguage: 'lo',
        documents: [{ type: 'border-pass', issuingCountry: 'LA', heldBy: 'trafficker' }],
      },
      victim: {
        traffickingStatus: 'ActualVictimOfTrafficking',
        typeOfExploitation: ['SexualExploitation'],
        methodsOfControl: ['DebtBondage', 'WithholdsDocuments', 'RestrictsMovement'],
        methodOfRecruitment: ['JobOffer'],
        relationshipToTrafficker: 'Acquainted',
        act: ['Recruitment', 'Transport', 'Harbouring'],
      },
      home: {
        country: 'LA',
        province: 'Champasak',
        district: 'Pakse',
        detail: 'Lives with her grandmother near the market; parents work in Thailand.',
      },
      familyContacts: [{ name: 'Nang Keomany', relationship: 'grandmother' }],
      consent: { given: true, by: 'social-worker', name: 'Pranee Srisuk', date: '2026-02-10' },
      returnConsent: { given: true, by: 'guardian', name: 'Nang Keomany', date: '2026-02-12' },
    },
  ],
} satisfies RepatriationRequestBody;

export const travelDocuments = {
  documents: [
    {
      personRef: 'P1',
      documentType: 'travel-certificate',
      number: 'LA-TC-2026-0147',
      issuedBy: 'Embassy of the Lao PDR, Bangkok',
      issuedOn: '2026-03-02',
      validUntil: '2026-06-02',
    },
    {
      personRef: 'P2',
      documentType: 'travel-certificate',
      number: 'LA-TC-2026-0148',
      issuedBy: 'Embassy of the Lao PDR, Bangkok',
      issuedOn: '2026-03-02',
      validUntil: '2026-06-02',
    },
  ],
} satisfies RepatriationTravelDocumentBody;
