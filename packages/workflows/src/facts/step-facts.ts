/**
 * The facts of each message type that decide its step. Counts only name outcomes (never a
 * name, place or date), so the sender may put them in the envelope's cleartext `stats`.
 */
import type { BodyOf, BusinessType } from '@mou-hub/protocol';
import type { PersonFact, StepFacts } from '../types.ts';

type Facts<T extends BusinessType> = (body: BodyOf<T>) => StepFacts;
const flag = (b: boolean): number => (b ? 1 : 0);
const none: StepFacts = { counts: {} };

const repatriation = {
  'repatriation.request': (b) => ({
    counts: {
      persons: b.persons.length,
      urgent: flag(b.urgency === 'urgent'),
      'return-consent': b.persons.filter((r) => r.returnConsent?.given).length,
      // A consular party on the home side (issue 16): only when named, so older counts stay as they were.
      ...(b.consular ? { consular: 1 } : {}),
    },
    persons: b.persons.map((r) => ({ ref: r.person.ref, outcome: 'requested', returnConsent: r.returnConsent?.given === true })),
  }),
  'repatriation.assessment': (b) => {
    const outcome = (c: boolean | null): PersonFact['outcome'] => (c === null ? 'pending' : c ? 'confirmed' : 'not-confirmed');
    const persons = b.persons.map((a) => ({ ref: a.personRef, outcome: outcome(a.nationalityConfirmed), safeToReturn: a.safeToReturn }));
    const n = (o: string) => persons.filter((p) => p.outcome === o).length;
    return {
      counts: {
        persons: persons.length,
        confirmed: n('confirmed'),
        'not-confirmed': n('not-confirmed'),
        pending: n('pending'),
        'family-found': b.persons.filter((a) => a.familyFound).length,
        'safe-to-return': b.persons.filter((a) => a.safeToReturn).length,
      },
      persons,
    };
  },
  'repatriation.travel-document': (b) => ({
    counts: { documents: b.documents.length },
    persons: b.documents.map((d) => ({ ref: d.personRef, outcome: 'travel-document' })),
  }),
  'repatriation.handover.proposal': (b) => ({
    counts: { persons: b.persons.length },
    persons: b.persons.map((ref) => ({ ref, outcome: 'proposed' })),
  }),
  'repatriation.handover.confirmation': (b) => ({ counts: { confirmed: flag(b.confirmed) } }),
  'repatriation.handover.completed': (b) => ({
    counts: { records: b.records.length, countersign: flag(b.countersigns !== undefined) },
    persons: b.records.map((r) => ({ ref: r.personRef, outcome: 'handed-over' })),
    ...(b.countersigns === undefined ? {} : { countersigns: b.countersigns }),
  }),
  'repatriation.reintegration.update': (b) => ({
    counts: { persons: 1, 'reintegration-closed': flag(b.stage === 'closed'), services: b.services.length },
    persons: [{ ref: b.personRef, outcome: b.stage === 'closed' ? 'reintegration-closed' : 'reintegration' }],
  }),
} satisfies { [T in BusinessType]?: Facts<T> };

/** Steps about one person (issue 16): the reason travels as a count of its own, never a name. */
const person = {
  'repatriation.person.added': (b) => ({
    counts: { persons: 1, 'return-consent': flag(b.returnee.returnConsent?.given === true) },
    persons: [{ ref: b.returnee.person.ref, outcome: 'added', returnConsent: b.returnee.returnConsent?.given === true }],
  }),
  'repatriation.person.information': (b) => ({ counts: { persons: 1 }, persons: [{ ref: b.personRef, outcome: 'information' }] }),
  'repatriation.person.withdrawn': (b) => ({
    counts: { withdrawn: 1, [`withdrawn-${b.reason}`]: 1 },
    persons: [{ ref: b.personRef, outcome: 'withdrawn', reason: b.reason }],
  }),
  'repatriation.person.alternative-care': (b) => ({
    counts: { 'alternative-care': 1, [`care-${b.reason}`]: 1 },
    persons: [{ ref: b.personRef, outcome: 'alternative-care', reason: b.reason }],
  }),
  'repatriation.province-referral': () => ({ counts: { referral: 1 } }),
  'repatriation.person.resumed': (b) => ({
    counts: { resumed: 1, 'return-consent': flag(b.returnConsent?.given === true) },
    persons: [{ ref: b.personRef, outcome: 'resumed', ...(b.returnConsent ? { returnConsent: b.returnConsent.given } : {}) }],
  }),
} satisfies { [T in BusinessType]?: Facts<T> };

const investigation = {
  'investigation.request': (b) => ({ counts: { subjects: b.subjects.length, urgent: flag(b.urgency === 'urgent') } }),
  'investigation.acknowledgement': () => none,
  'investigation.extension': () => none,
  'investigation.response': (b) => ({
    counts: {
      full: flag(b.completeness === 'full'),
      located: flag(b.results?.locatedAt !== undefined),
      identified: b.results?.identified?.length ?? 0,
      rescued: b.results?.rescued ?? 0,
      evidence: b.evidence?.length ?? 0,
    },
  }),
} satisfies { [T in BusinessType]?: Facts<T> };

const others = {
  'case.note': () => none,
  'case.closed': (b) => ({ counts: { referred: flag(b.status === 'ClosedReferred') } }),
  'translation.status': () => none,
  'consular.verification.request': (b) => ({
    counts: { persons: 1 },
    persons: [{ ref: b.person.ref, outcome: 'requested' }],
  }),
  'consular.notification': (b) => ({ counts: { persons: 1, consent: flag(b.consentStatus === 'given') } }),
  'consular.verification.result': (b) => ({
    counts: { confirmed: flag(b.nationalityConfirmed), revision: flag(b.revisionReason !== undefined) },
    persons: [{ ref: b.personRef, outcome: b.nationalityConfirmed ? 'confirmed' : 'not-confirmed' }],
  }),
} satisfies { [T in BusinessType]?: Facts<T> };

/** Every business type's facts: a type added to the protocol without facts fails to compile. */
export const FACTS: { readonly [T in BusinessType]: Facts<T> } = { ...repatriation, ...person, ...investigation, ...others };
