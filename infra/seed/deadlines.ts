import type { Deadline } from '@mou-hub/protocol';

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
    endedBy: ['case.note', 'repatriation.assessment'],
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
    step: 'confirm-handover',
    starts: 'repatriation.handover.proposal',
    endedBy: ['repatriation.handover.confirmation'],
    within: 5,
    unit: 'business-days',
    note: 'Confirm a proposed handover, or propose another date, within one week (5 business days).',
  }),
];

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
