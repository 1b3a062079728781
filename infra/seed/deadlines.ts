import type { Deadline, TranslationDeadline } from '@mou-hub/protocol';

// No MOU, COMMIT or ACTIP text sets a number (DOMAIN.md): every deadline here is Secretariat
// policy, with EU practice as the default, and editable through the directory's admin API.
// Days count in the answering country's business days (DOMAIN.md, "Calendars for deadlines");
// the urgent police answer counts in hours, as an emergency does.
const policy = (d: Omit<Deadline, 'source'>): Deadline => ({ ...d, source: 'secretariat-policy' });

/** Deadlines of a request for repatriation (family tracing, assessment, handover). */
export const REPATRIATION_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'acknowledge-repatriation',
    starts: 'repatriation.request',
    endedBy: ['case.note', 'repatriation.province-referral', 'repatriation.assessment'],
    within: 5,
    unit: 'business-days',
    note: 'Acknowledge a request within one week: 5 business days of the answering country (EU practice; no MOU sets a number).',
  }),
  policy({
    step: 'decide-repatriation',
    starts: 'repatriation.request',
    endedBy: ['repatriation.assessment'],
    within: 22,
    unit: 'business-days',
    note: 'Nationality verification and family assessment: decision within 30 days (22 business days of the answering country), extendable by 30 with reasons (EU practice).',
    // The home side cannot assess a request it cannot read yet: the clock waits for its translation.
    pausesForTranslation: true,
  }),
  policy({
    step: 'province-assessment',
    starts: 'repatriation.province-referral',
    answeredBy: 'sender',
    endedBy: ['repatriation.assessment'],
    within: 10,
    unit: 'business-days',
    note: 'The home province traces the family and reports back (DOMAIN.md step 2) within two weeks (10 business days): home-side time, shown to the host side as "with the province"; a new referral restarts it.',
  }),
  policy({
    step: 'provide-information',
    starts: 'repatriation.assessment',
    startsWhen: { fact: 'pending', min: 1 },
    endedBy: ['case.note', 'repatriation.person.information'],
    within: 10,
    unit: 'business-days',
    note: 'The host side sends the information the home side asked for (a person still pending) within two weeks (10 business days).',
  }),
  policy({
    step: 'assess-added-person',
    starts: 'repatriation.person.added',
    endedBy: ['repatriation.assessment'],
    within: 22,
    unit: 'business-days',
    note: 'A person added to an open case (a sibling found later) is assessed like a request: within 30 days (22 business days).',
    pausesForTranslation: true,
  }),
  policy({
    step: 'issue-travel-document',
    starts: 'repatriation.assessment',
    startsWhen: { fact: 'confirmed', min: 1 },
    answeredBy: 'sender',
    endedBy: ['repatriation.travel-document'],
    within: 10,
    unit: 'business-days',
    note: 'Once nationality is confirmed, the home side issues the travel document within two weeks (10 business days): victims have waited four months in detention for lack of ID (DOMAIN.md).',
  }),
  policy({
    step: 'propose-handover',
    starts: 'repatriation.assessment',
    startsWhen: { fact: 'confirmed', min: 1 },
    endedBy: ['repatriation.handover.proposal'],
    within: 10,
    unit: 'business-days',
    note: 'After a positive assessment the host side proposes a handover (date, checkpoint, escorts) within two weeks (10 business days).',
  }),
  policy({
    step: 'confirm-handover',
    starts: 'repatriation.handover.proposal',
    endedBy: ['repatriation.handover.confirmation'],
    within: 5,
    unit: 'business-days',
    note: 'Confirm a proposed handover, or propose another date, within one week (5 business days).',
  }),
  policy({
    step: 'repropose-handover',
    starts: 'repatriation.handover.confirmation',
    startsWhen: { fact: 'confirmed', max: 0 },
    endedBy: ['repatriation.handover.proposal'],
    within: 5,
    unit: 'business-days',
    note: 'When the home side asks for another date, the host side proposes again within one week (5 business days).',
  }),
  policy({
    step: 'complete-handover',
    starts: 'repatriation.handover.confirmation',
    startsWhen: { fact: 'confirmed', min: 1 },
    endedBy: ['repatriation.handover.completed'],
    within: 22,
    unit: 'business-days',
    note: 'The host side records the handover it agreed (one record per person) within 30 days (22 business days) of the confirmation.',
  }),
  policy({
    step: 'countersign-handover',
    starts: 'repatriation.handover.completed',
    startsWhen: { fact: 'countersign', max: 0 },
    endedBy: ['repatriation.handover.completed'],
    within: 5,
    unit: 'business-days',
    note: "The home side countersigns the host's handover records within one week (5 business days); a corrected record restarts the clock.",
  }),
  policy({
    step: 'report-reintegration',
    starts: 'repatriation.handover.completed',
    startsWhen: { fact: 'countersign', max: 0 },
    endedBy: ['repatriation.reintegration.update'],
    within: 65,
    unit: 'business-days',
    note: 'The home side sends its first reintegration feedback to the host agency within three months (65 business days) of the handover (DOMAIN.md step 6).',
  }),
];

/**
 * A translation job's own due date (issue 16): the clocks it pauses run again after it, so an
 * untranslated request cannot wait unseen. Counted in the translating agency's business days.
 */
export const TRANSLATION_DEADLINE: TranslationDeadline = {
  within: 5,
  unit: 'business-days',
  source: 'secretariat-policy',
  note: 'A document is translated and reviewed within one week (5 business days of the translating agency); after it the step that waits on it is counted again.',
};

/** Deadlines of a police investigation request. */
export const INVESTIGATION_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'acknowledge-investigation',
    starts: 'investigation.request',
    endedBy: ['investigation.acknowledgement', 'investigation.extension', 'investigation.response'],
    within: 5,
    unit: 'business-days',
    note: 'Acknowledge a request within one week: 5 business days of the answering country (EU practice).',
  }),
  policy({
    step: 'answer-urgent-investigation',
    starts: 'investigation.request',
    endedBy: ['investigation.response'],
    within: 8,
    unit: 'hours',
    urgency: 'urgent',
    note: 'Urgent police information within 8 hours (EU practice).',
  }),
  policy({
    step: 'answer-investigation',
    starts: 'investigation.request',
    endedBy: ['investigation.response'],
    within: 10,
    unit: 'business-days',
    urgency: 'normal',
    note: 'Ordinary requests: answer within 7 to 14 days (EU practice): 10 business days; an investigation.extension with reasons restarts the clock.',
  }),
];

/** Deadlines of a consular nationality verification (agreement `la-national`). */
export const CONSULAR_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'verify-nationality',
    starts: 'consular.verification.request',
    endedBy: ['consular.verification.result'],
    within: 10,
    unit: 'business-days',
    note: 'Victims have waited over four months in detention abroad for lack of ID (DOMAIN.md); two weeks (10 business days) is the Secretariat default.',
  }),
];
