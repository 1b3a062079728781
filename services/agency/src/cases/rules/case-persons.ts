/**
 * The persons an opening request (or a `repatriation.person.added`) names, with the HTCDS blocks it carries for each (person,
 * victim with the Protocol's act, means and purpose, home, consent). The node keeps them sealed
 * with the case, so the case view shows who is concerned without reading every message.
 */
import type {
  ConsularVerificationRequestBody,
  InvestigationRequestBody,
  PersonAddedBody,
  RepatriationRequestBody,
} from '@mou-hub/protocol';

/** One person of a case as the opening request described them. */
export interface CasePersonRecord {
  /** The person's ref in the case (`P1`); an investigation subject without one is not listed. */
  ref: string;
  /** The HTCDS blocks as the body carried them. */
  record: Record<string, unknown>;
}

/**
 * The persons of an opening request, or of a person added to a case (other types name none).
 * `body` is valid for `type`.
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
    case 'repatriation.person.added': {
      // A person joining an open case (issue 16): kept beside the request's persons.
      const { person, ...rest } = (body as PersonAddedBody).returnee;
      return [{ ref: person.ref, record: { person, ...rest } }];
    }
    case 'investigation.request':
      // A subject without a personRef is no person of the case (no phantom `S0`): the request
      // itself still shows it.
      return (body as InvestigationRequestBody).subjects.flatMap((s) =>
        s.type === 'person' && s.personRef !== undefined ? [{ ref: s.personRef, record: { subject: s } }] : [],
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
