/**
 * Repatriation (DOMAIN.md steps 1-6): the host side H (initiator) asks, the home side L
 * (responder) assesses, issues documents, agrees the handover, countersigns it and follows up.
 */
import { REPATRIATION_STATES, type Refusal, type CaseState, type CaseStep, type PersonFact, type PersonState, type RepatriationState } from '../types.ts';
import { closeRule, count, INITIATOR, moved, noteRule, RESPONDER, translationRule } from './common.ts';
import { isRefusal, refuse, type Machine, type Rule } from './engine.ts';
import { moveAll, movePersons, openPersons, to } from './persons.ts';
import { handoverGates, personRules, readyAgain } from './repatriation-persons.ts';

type S = RepatriationState;
const OPEN: readonly S[] = REPATRIATION_STATES.filter((s) => s !== 'closed');
const ASSESSABLE: readonly S[] = ['requested', 'with-province', 'information-requested', 'assessed', 'travel-document-issued'];
const PROPOSABLE: readonly S[] = [
  'assessed',
  'travel-document-issued',
  'handover-proposed',
  'handover-counter-proposed',
  'handover-agreed',
];
const READY: readonly S[] = ['assessed', 'travel-document-issued'];


/**
 * The case after an assessment, from counts alone: any person ever confirmed → `assessed` (or
 * stays `travel-document-issued`); none, but some pending → `information-requested`; every
 * person of the request not confirmed → `closed`; else it waits in `requested` for the rest.
 */
/** The persons an assessment names, moved by their findings (a person in care may come back). */
function assessPersons(s: CaseState, step: CaseStep): CaseState['persons'] | Refusal {
  const from = [...ASSESSABLE, 'alternative-care'] as const;
  const finding = (p: PersonState, f: PersonFact): PersonState => {
    const { careReason: _c, resumeTo: _r, ...rest } = p;
    return f.safeToReturn === undefined ? rest : { ...rest, safeToReturn: f.safeToReturn };
  };
  return movePersons(s.persons, step, {
    confirmed: { from, to: (p, f) => readyAgain(finding(p, f)) },
    'not-confirmed': { from, to: (p, f) => ({ ...finding(p, f), state: 'closed', reason: 'not-confirmed' }) },
    pending: { from, to: (p, f) => ({ ...finding(p, f), state: 'information-requested' }) },
  });
}

/**
 * A later assessment while a handover is being agreed for others (a person back from
 * alternative care, a person added): it moves the persons it names, not the case.
 */
function reassess(s: CaseState, step: CaseStep): CaseState | Refusal {
  const persons = assessPersons(s, step);
  if (isRefusal(persons)) return persons;
  return moved(s, s.state as S, count(step, 'confirmed') > 0 ? { anyConfirmed: true } : {}, persons);
}

function assess(s: CaseState, step: CaseStep): CaseState | Refusal {
  const persons = assessPersons(s, step);
  if (isRefusal(persons)) return persons;
  const anyConfirmed = s.memory.anyConfirmed === true || count(step, 'confirmed') > 0;
  if (anyConfirmed) {
    const next: S = s.state === 'travel-document-issued' ? 'travel-document-issued' : 'assessed';
    return moved(s, next, { anyConfirmed: true }, persons);
  }
  if (count(step, 'pending') > 0) return moved(s, 'information-requested', {}, persons);
  if (count(step, 'not-confirmed') >= (s.memory.persons ?? 1)) {
    return moved(s, 'closed', { closedStatus: 'Closed', closedBy: 'not-confirmed' }, persons);
  }
  return moved(s, 'requested', {}, persons);
}

function propose(s: CaseState, step: CaseStep) {
  // A new proposal replaces the last: persons it leaves out are ready for another one.
  const base = moveAll(s.persons, ['handover-proposed', 'handover-agreed'], readyAgain);
  const persons = movePersons(base, step, { proposed: { from: READY, to: to('handover-proposed') } });
  if (isRefusal(persons)) return persons;
  const barred = handoverGates(s, step);
  return barred ?? moved(s, 'handover-proposed', {}, persons);
}

function complete(s: CaseState, step: CaseStep) {
  // A corrected completion replaces the last one: its persons wait for the countersign anew.
  const base = moveAll(s.persons, ['handover-awaiting-countersign'], to('handover-agreed'));
  const persons = movePersons(base, step, {
    'handed-over': { from: ['handover-agreed'], to: to('handover-awaiting-countersign') },
  });
  if (isRefusal(persons)) return persons;
  const memory = step.id === undefined ? { records: count(step, 'records') } : { records: count(step, 'records'), completion: step.id };
  return moved(s, 'handover-awaiting-countersign', memory, persons);
}

function countersign(s: CaseState, step: CaseStep) {
  const expected = s.memory.records ?? 0;
  if (count(step, 'records') !== expected) {
    return refuse('countersign-mismatch', { fact: 'records', expected, actual: count(step, 'records') });
  }
  const of = step.facts.countersigns;
  if (of !== undefined && s.memory.completion !== undefined && of !== s.memory.completion) {
    return refuse('countersign-mismatch', { fact: 'countersigns' });
  }
  const persons = movePersons(s.persons, step, {
    'handed-over': { from: ['handover-awaiting-countersign'], to: to('handed-over') },
  });
  return isRefusal(persons) ? persons : moved(s, 'handed-over', {}, persons);
}

function reintegrate(s: CaseState, step: CaseStep) {
  const from = ['handed-over', 'in-reintegration'] as const;
  const persons = movePersons(s.persons, step, {
    reintegration: { from, to: to('in-reintegration') },
    'reintegration-closed': { from, to: (p) => ({ ...p, state: 'closed', reason: 'reintegration-closed' }) },
  });
  return isRefusal(persons) ? persons : moved(s, 'in-reintegration', {}, persons);
}

const rules: readonly Rule[] = [
  { name: 'assess', type: 'repatriation.assessment', sides: RESPONDER, from: ASSESSABLE, needs: ['confirmed', 'not-confirmed', 'pending'], apply: assess },
  {
    name: 'assess',
    type: 'repatriation.assessment',
    sides: RESPONDER,
    from: ['handover-proposed', 'handover-counter-proposed', 'handover-agreed'],
    anytime: true,
    needs: ['confirmed', 'not-confirmed', 'pending'],
    apply: reassess,
  },
  {
    // DOMAIN.md step 2: the home side forwards the request to the home province; the host side
    // sees the case with the province until the assessment comes back (a new referral replaces it).
    name: 'refer-to-province',
    type: 'repatriation.province-referral',
    sides: RESPONDER,
    from: ['requested', 'with-province'],
    apply: (s) => moved(s, 'with-province'),
  },
  {
    // The host answers a request for information with a note (and its attachments).
    name: 'provide-information',
    type: 'case.note',
    sides: INITIATOR,
    from: ['information-requested'],
    apply: (s) => moved(s, 'requested', {}, moveAll(s.persons, ['information-requested'], to('requested'))),
  },
  {
    // The embassy issues it when the case names it as the home side's consular party (issue 16).
    name: 'issue-travel-document',
    type: 'repatriation.travel-document',
    sides: RESPONDER,
    from: READY,
    acts: 'consular',
    apply: (s, step) => {
      const persons = movePersons(s.persons, step, {
        'travel-document': { from: READY, to: (p) => ({ ...p, state: 'travel-document-issued', travelDocument: true }) },
      });
      return isRefusal(persons) ? persons : moved(s, 'travel-document-issued', {}, persons);
    },
  },
  { name: 'propose-handover', type: 'repatriation.handover.proposal', sides: INITIATOR, from: PROPOSABLE, apply: propose },
  {
    name: 'confirm-handover',
    type: 'repatriation.handover.confirmation',
    sides: RESPONDER,
    from: ['handover-proposed'],
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 1,
    apply: (s) => moved(s, 'handover-agreed', {}, moveAll(s.persons, ['handover-proposed'], to('handover-agreed'))),
  },
  {
    // L declines with another date: H must answer with a new proposal (or close).
    name: 'counter-propose-handover',
    type: 'repatriation.handover.confirmation',
    sides: RESPONDER,
    from: ['handover-proposed'],
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 0,
    apply: (s) => moved(s, 'handover-counter-proposed'),
  },
  {
    // Also while the countersign is awaited: the host corrects a record the home side queried.
    name: 'complete-handover',
    type: 'repatriation.handover.completed',
    sides: INITIATOR,
    from: ['handover-agreed', 'handover-awaiting-countersign'],
    needs: ['records', 'countersign'],
    when: (c) => c['countersign'] === 0,
    apply: complete,
  },
  {
    name: 'countersign-handover',
    type: 'repatriation.handover.completed',
    sides: RESPONDER,
    from: ['handover-awaiting-countersign'],
    needs: ['records', 'countersign'],
    when: (c) => c['countersign'] === 1,
    apply: countersign,
  },
  { name: 'report-reintegration', type: 'repatriation.reintegration.update', sides: RESPONDER, from: ['handed-over', 'in-reintegration'], apply: reintegrate },
  ...personRules,
  closeRule(OPEN),
  noteRule(REPATRIATION_STATES),
  translationRule(REPATRIATION_STATES),
];

/** The repatriation machine. */
export const repatriation: Machine = {
  kind: 'repatriation',
  opener: 'repatriation.request',
  terminal: ['closed'],
  start: (step) => ({
    kind: 'repatriation',
    state: 'requested',
    persons: openPersons(step),
    memory: { persons: count(step, 'persons'), urgent: count(step, 'urgent') > 0, ...(count(step, 'consular') > 0 ? { consular: true } : {}) },
  }),
  rules,
};
