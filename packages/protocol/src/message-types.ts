/** Types every agency may send under any agreement: they answer other messages. */
export const PROTOCOL_TYPES = ['receipt', 'problem'] as const;

export const REPATRIATION_TYPES = [
  'repatriation.request',
  'repatriation.assessment',
  'repatriation.travel-document',
  'repatriation.handover.proposal',
  'repatriation.handover.confirmation',
  'repatriation.handover.completed',
  'repatriation.reintegration.update',
  // Steps about one person (issue 16): added, information given, withdrawn, alternative care and back.
  'repatriation.person.added',
  'repatriation.person.information',
  'repatriation.person.withdrawn',
  'repatriation.person.alternative-care',
  'repatriation.person.resumed',
  // The home side forwards the request to the home province (issue 16, DOMAIN.md step 2).
  'repatriation.province-referral',
] as const;

export const INVESTIGATION_TYPES = [
  'investigation.request',
  'investigation.acknowledgement',
  'investigation.extension',
  'investigation.response',
] as const;

export const CASE_TYPES = ['case.note', 'case.closed', 'translation.status'] as const;

/**
 * Consular types: verification travels under `la-national`; the Chinese police's notice of a
 * Lao woman they hold, `consular.notification`, under `la-cn` to the embassy (issue 16).
 */
export const CONSULAR_TYPES = ['consular.verification.request', 'consular.verification.result', 'consular.notification'] as const;

export const BUSINESS_TYPES = [
  ...REPATRIATION_TYPES,
  ...INVESTIGATION_TYPES,
  ...CASE_TYPES,
  ...CONSULAR_TYPES,
] as const;

export const MESSAGE_TYPES = [...PROTOCOL_TYPES, ...BUSINESS_TYPES] as const;

export type ProtocolType = (typeof PROTOCOL_TYPES)[number];
export type BusinessType = (typeof BUSINESS_TYPES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];

export function isProtocolType(type: string): type is ProtocolType {
  return (PROTOCOL_TYPES as readonly string[]).includes(type);
}

export function isBusinessType(type: string): type is BusinessType {
  return (BUSINESS_TYPES as readonly string[]).includes(type);
}
