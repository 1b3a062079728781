/**
 * Investigation: the requester R (initiator) asks to locate, identify, rescue or share; the
 * requested Q (responder) acknowledges or declines, may extend (repeatedly), answers in part
 * or in full. There is no decline type: Q declines by closing the case before acknowledging.
 */
import { INVESTIGATION_STATES, type InvestigationState } from '../types.ts';
import { closeRule, count, moved, noteRule, RESPONDER, translationRule } from './common.ts';
import type { Machine, Rule } from './engine.ts';

type S = InvestigationState;
const TERMINAL: readonly S[] = ['closed', 'declined'];
const OPEN: readonly S[] = INVESTIGATION_STATES.filter((s) => !TERMINAL.includes(s));
const WORKING: readonly S[] = ['requested', 'acknowledged', 'extended', 'partially-answered'];

const rules: readonly Rule[] = [
  { name: 'acknowledge', type: 'investigation.acknowledgement', sides: RESPONDER, from: ['requested'], apply: (s) => moved(s, 'acknowledged') },
  // Before the first rule that lets either side close, so Q's close of a fresh request is a decline.
  closeRule(['requested'], RESPONDER, 'decline'),
  { name: 'extend', type: 'investigation.extension', sides: RESPONDER, from: WORKING, apply: (s) => moved(s, 'extended') },
  {
    name: 'answer-partially',
    type: 'investigation.response',
    sides: RESPONDER,
    from: WORKING,
    needs: ['full'],
    when: (c) => c['full'] === 0,
    apply: (s) => moved(s, 'partially-answered'),
  },
  {
    name: 'answer',
    type: 'investigation.response',
    sides: RESPONDER,
    from: WORKING,
    needs: ['full'],
    when: (c) => c['full'] === 1,
    apply: (s) => moved(s, 'answered'),
  },
  closeRule(OPEN),
  noteRule(INVESTIGATION_STATES),
  translationRule(INVESTIGATION_STATES),
];

/** The investigation machine. */
export const investigation: Machine = {
  kind: 'investigation',
  opener: 'investigation.request',
  terminal: TERMINAL,
  start: (step) => ({ kind: 'investigation', state: 'requested', persons: {}, memory: { urgent: count(step, 'urgent') > 0 } }),
  rules,
};
