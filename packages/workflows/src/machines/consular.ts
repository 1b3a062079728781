/**
 * Consular verification (`la-national`): the embassy desk (initiator) asks a Lao focal point
 * (responder) to verify a woman's nationality; it answers verified or not. A `not-verified`
 * finding may be revised once new evidence turns up; `verified` stands.
 */
import { CONSULAR_STATES, type ConsularState } from '../types.ts';
import { closeRule, count, moved, noteRule, RESPONDER, translationRule } from './common.ts';
import { isRefusal, type Machine, type Rule } from './engine.ts';
import { movePersons, openPersons, to } from './persons.ts';

type S = ConsularState;
const OPEN: readonly S[] = CONSULAR_STATES.filter((s) => s !== 'closed');
const ANSWERABLE: readonly S[] = ['requested', 'not-verified'];

function result(next: 'verified' | 'not-verified'): Rule['apply'] {
  return (s, step) => {
    const persons = movePersons(s.persons, step, {
      confirmed: { from: ANSWERABLE, to: to('verified') },
      'not-confirmed': { from: ANSWERABLE, to: to('not-verified') },
    });
    return isRefusal(persons) ? persons : moved(s, next, {}, persons);
  };
}

const rules: readonly Rule[] = [
  {
    name: 'verify-nationality',
    type: 'consular.verification.result',
    sides: RESPONDER,
    from: ANSWERABLE,
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 1,
    apply: result('verified'),
  },
  {
    name: 'reject-nationality',
    type: 'consular.verification.result',
    sides: RESPONDER,
    from: ['requested'],
    needs: ['confirmed'],
    when: (c) => c['confirmed'] === 0,
    apply: result('not-verified'),
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
