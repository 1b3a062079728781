/**
 * Repatriation steps about one person (issue 16): added to an open case, information given
 * about them, withdrawn with a reason, moved to alternative care and back; and the gates a
 * handover proposal passes (safe to return, consent to return). Case-level effects follow from
 * counts alone, so the audit reaches the same case state without the bodies.
 */
import { REPATRIATION_STATES, type CaseState, type CaseStep, type PersonState, type Refusal, type RepatriationState } from '../types.ts';
import { BOTH, count, INITIATOR, moved } from './common.ts';
import { isRefusal, refuse, type Rule } from './engine.ts';
import { movePersons, to, withConsent } from './persons.ts';

type S = RepatriationState;

/** Case states before any handover is recorded: persons may still join, leave or wait in care. */
export const BEFORE_HANDOVER: readonly S[] = REPATRIATION_STATES.slice(0, REPATRIATION_STATES.indexOf('handover-awaiting-countersign'));

/** Person states from which a person may be withdrawn or moved to alternative care. */
const PERSON_OPEN: readonly PersonState['state'][] = [
  'requested',
  'information-requested',
  'assessed',
  'travel-document-issued',
  'handover-proposed',
  'handover-agreed',
];

/** Where a confirmed person stands: ready for a handover, with or without a new document. */
export function readyAgain(p: PersonState): PersonState {
  return { ...p, state: p.travelDocument ? 'travel-document-issued' : 'assessed' };
}

/** Where a person moved out of the handover path comes back to. */
function resumePoint(p: PersonState): S {
  if (p.state === 'requested' || p.state === 'information-requested') return p.state;
  return p.travelDocument ? 'travel-document-issued' : 'assessed';
}

/**
 * The gates of a handover proposal, checked on each person it names (by index, never the
 * ref): not safe to return (`not-safe-to-return`), or without consent to return recorded as
 * given (`no-consent-to-return`). Persons without bodies (the audit's view) pass.
 */
export function handoverGates(s: CaseState, step: CaseStep): Refusal | undefined {
  for (const [index, fact] of (step.facts.persons ?? []).entries()) {
    const p = s.persons[fact.ref];
    if (!p) continue; // `movePersons` refuses it as `unknown-person`
    if (p.safeToReturn === false) return refuse('not-safe-to-return', { type: step.type, index });
    if (p.returnConsent !== true) return refuse('no-consent-to-return', { type: step.type, index });
  }
  return undefined;
}

function addPerson(s: CaseState, step: CaseStep): CaseState | Refusal {
  const persons: Record<string, PersonState> = { ...s.persons };
  for (const [index, fact] of (step.facts.persons ?? []).entries()) {
    const known = persons[fact.ref];
    if (known) return refuse('person-not-ready', { type: step.type, index, state: known.state });
    persons[fact.ref] = withConsent({ state: 'requested' }, fact);
  }
  return moved(s, s.state as S, { persons: (s.memory.persons ?? 0) + count(step, 'persons') }, persons);
}

function withdraw(s: CaseState, step: CaseStep): CaseState | Refusal {
  const persons = movePersons(s.persons, step, {
    withdrawn: {
      from: [...PERSON_OPEN, 'alternative-care'],
      to: (p, f) => ({ ...p, state: 'closed', reason: 'withdrawn', ...(f.reason ? { withdrawal: f.reason } : {}) }),
    },
  });
  if (isRefusal(persons)) return persons;
  const withdrawn = (s.memory.withdrawn ?? 0) + count(step, 'withdrawn');
  // Every person of the case withdrawn: nobody is left to return, the case closes.
  if (withdrawn > 0 && withdrawn >= (s.memory.persons ?? 1)) {
    return moved(s, 'closed', { withdrawn, closedStatus: 'Closed', closedBy: 'withdrawn' }, persons);
  }
  return moved(s, s.state as S, { withdrawn }, persons);
}

/**
 * The rules about one person, for the repatriation machine's table. They are `anytime`: they
 * do not pass the turn, so `allowedActions` lists them only with `{ anytime: true }`.
 */
export const personRules: readonly Rule[] = ([
  { name: 'add-person', type: 'repatriation.person.added', sides: INITIATOR, from: BEFORE_HANDOVER, apply: addPerson },
  {
    // The host answers what was asked about one person; the case waits on the home side again
    // when it waited for information.
    name: 'answer-information',
    type: 'repatriation.person.information',
    sides: INITIATOR,
    from: BEFORE_HANDOVER,
    apply: (s, step) => {
      const persons = movePersons(s.persons, step, { information: { from: ['information-requested'], to: to('requested') } });
      if (isRefusal(persons)) return persons;
      return moved(s, s.state === 'information-requested' ? 'requested' : (s.state as S), {}, persons);
    },
  },
  { name: 'withdraw-person', type: 'repatriation.person.withdrawn', sides: BOTH, from: BEFORE_HANDOVER, apply: withdraw },
  {
    name: 'refer-to-alternative-care',
    type: 'repatriation.person.alternative-care',
    sides: BOTH,
    from: BEFORE_HANDOVER,
    apply: (s, step) => {
      const persons = movePersons(s.persons, step, {
        'alternative-care': {
          from: PERSON_OPEN,
          to: (p, f) => ({ ...p, state: 'alternative-care', resumeTo: resumePoint(p), ...(f.reason ? { careReason: f.reason } : {}) }),
        },
      });
      return isRefusal(persons) ? persons : moved(s, s.state as S, {}, persons);
    },
  },
  {
    name: 'resume-person',
    type: 'repatriation.person.resumed',
    sides: BOTH,
    from: BEFORE_HANDOVER,
    apply: (s, step) => {
      const persons = movePersons(s.persons, step, {
        resumed: {
          from: ['alternative-care'],
          to: ({ careReason: _r, resumeTo, ...p }, f) => withConsent({ ...p, state: resumeTo ?? 'requested' }, f),
        },
      });
      return isRefusal(persons) ? persons : moved(s, s.state as S, {}, persons);
    },
  },
] satisfies Rule[]).map((r) => ({ ...r, anytime: true }));
