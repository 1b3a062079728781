/**
 * Consular verification (`la-national`): the embassy desk (initiator) asks a Lao focal point
 * (responder) to verify a woman's nationality; it answers verified or not. Either finding may
 * be corrected later by another result with its reason (`revision: 1`, issue 16): the thread
 * keeps every finding, so both sides see the history.
 */
import { CONSULAR_STATES, type ConsularState } from '../types.ts';
import { closeRule, count, moved, noteRule, RESPONDER, translationRule } from './common.ts';
import { isRefusal, type Machine, type Rule } from './engine.ts';
import { movePersons, openPersons, to } from './persons.ts';

type S = ConsularState;
const OPEN: readonly S[] = CONSULAR_STATES.filter((s) => s !== 'closed');
const FOUND: readonly S[] = ['verified', 'not-verified'];

function result(from: readonly S[]): Rule['apply'] {
  return (s, step) => {
    const persons = movePersons(s.persons, step, {
      confirmed: { from, to: to('verified') },
      'not-confirmed': { from, to: to('not-verified') },
    });
    if (isRefusal(persons)) return persons;
    const revisions = (s.memory.revisions ?? 0) + count(step, 'revision');
    return moved(s, count(step, 'confirmed') === 1 ? 'verified' : 'not-verified', revisions ? { revisions } : {}, persons);
  };
}

const rules: readonly Rule[] = [
  {
    name: 'verify-nationality',
    type: 'consular.verification.result',
    sides: RESPONDER,
    from: ['requested'],
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 1 && !c['revision'],
    apply: result(['requested']),
  },
  {
    name: 'reject-nationality',
    type: 'consular.verification.result',
    sides: RESPONDER,
    from: ['requested'],
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 0 && !c['revision'],
    apply: result(['requested']),
  },
  {
    // A finding corrected with its reason, either way.
    name: 'revise-nationality',
    type: 'consular.verification.result',
    sides: RESPONDER,
    from: FOUND,
    needs: ['confirmed'],
    when: (c) => c['revision'] === 1,
    apply: result(FOUND),
  },
  closeRule(OPEN),
  noteRule(CONSULAR_STATES),
  translationRule(CONSULAR_STATES),
];

/** The consular verification machine. */
export const consular: Machine = {
  kind: 'consular-verification',
  opener: 'consular.verification.request',
  terminal: ['closed'],
  start: (step) => ({
    kind: 'consular-verification',
    state: 'requested',
    persons: openPersons(step),
    memory: { persons: count(step, 'persons') },
  }),
  rules,
};
