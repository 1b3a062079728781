import type { Deadline } from '@mou-hub/protocol';

// No MOU, COMMIT or ACTIP text sets a number (DOMAIN.md): every deadline here is Secretariat
// policy, with EU practice as the default, and editable through the directory's admin API.
const policy = (d: Omit<Deadline, 'source'>): Deadline => ({ ...d, source: 'secretariat-policy' });

/** Deadlines of a request for repatriation (family tracing, assessment, handover). */
export const REPATRIATION_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'acknowledge-repatriation',
    starts: 'repatriation.request',
    endedBy: ['case.note', 'repatriation.assessment'],
    within: 7,
    unit: 'days',
    note: 'Acknowledge a request within one week (EU practice; no MOU sets a number).',
  }),
  policy({
    step: 'decide-repatriation',
    starts: 'repatriation.request',
    endedBy: ['repatriation.assessment'],
    within: 30,
    unit: 'days',
    note: 'Nationality verification and family assessment: decision within 30 days, extendable by 30 with reasons (EU practice).',
    // The home side cannot assess a request it cannot read yet: the clock waits for its translation.
    pausesForTranslation: true,
  }),
  policy({
    step: 'confirm-handover',
    starts: 'repatriation.handover.proposal',
    endedBy: ['repatriation.handover.confirmation'],
    within: 7,
    unit: 'days',
    note: 'Confirm a proposed handover, or propose another date, within one week.',
  }),
];

/** Deadlines of a police investigation request. */
export const INVESTIGATION_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'acknowledge-investigation',
    starts: 'investigation.request',
    endedBy: ['investigation.acknowledgement', 'investigation.extension', 'investigation.response'],
    within: 7,
    unit: 'days',
    note: 'Acknowledge a request within one week (EU practice).',
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
    within: 14,
    unit: 'days',
    urgency: 'normal',
    note: 'Ordinary requests: answer within 7 to 14 days (EU practice); an investigation.extension with reasons restarts the clock.',
  }),
];

/** Deadlines of a consular nationality verification (agreement `la-national`). */
export const CONSULAR_DEADLINES: readonly Deadline[] = [
  policy({
    step: 'verify-nationality',
    starts: 'consular.verification.request',
    endedBy: ['consular.verification.result'],
    within: 14,
    unit: 'days',
    note: 'Victims have waited over four months in detention abroad for lack of ID (DOMAIN.md); two weeks is the Secretariat default.',
  }),
];
