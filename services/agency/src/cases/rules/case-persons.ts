/**
 * The persons an opening request names, with the HTCDS blocks it carries for each (person,
 * victim with the Protocol's act, means and purpose, home, consent). The node keeps them sealed
 * with the case, so the case view shows who is concerned without reading every message.
 */
import type {
  ConsularVerificationRequestBody,
  InvestigationRequestBody,
  RepatriationRequestBody,
} from '@mou-hub/protocol';

/** One person of a case as the opening request described them. */
export interface CasePersonRecord {
  /** The person's ref in the case (`P1`), or `S<index>` for an investigation subject without one. */
  ref: string;
  /** The HTCDS blocks as the body carried them. */
  record: Record<string, unknown>;
}

/**
 * The persons of an opening request (other types name none). `body` is valid for `type`.
 * @example personsOf('repatriation.request', body).map((p) => p.ref) // ['P1', 'P2']
 */
export function personsOf(type: string, body: unknown): CasePersonRecord[] {
  switch (type) {
    case 'repatriation.request':
      return (body as RepatriationRequestBody).persons.map(({ person, ...rest }) => ({ ref: person.ref, record: { person, ...rest } }));
    case 'consular.verification.request': {
      const b = body as ConsularVerificationRequestBody;
      return [{ ref: b.person.ref, record: { person: b.person, ...(b.victim ? { victim: b.victim } : {}), ...(b.consent ? { consent: b.consent } : {}) } }];
    }
    case 'investigation.request':
      return (body as InvestigationRequestBody).subjects.flatMap((s, i) =>
        s.type === 'person' ? [{ ref: s.personRef ?? `S${i}`, record: { subject: s } }] : [],
      );
    default:
      return [];
  }
}

/**
 * Whether an opening body carries the consent of every person it names: a repatriation
 * request (each returnee's consent is required by its schema) or a consular request with
 * `consent.given`. Other openers need consent recorded with the case.
 */
export function bodyCarriesConsent(type: string, body: unknown): boolean {
  if (type === 'repatriation.request') return (body as RepatriationRequestBody).persons.every((p) => p.consent.given);
  if (type === 'consular.verification.request') return (body as ConsularVerificationRequestBody).consent?.given === true;
  return false;
}
