/** Rules every case kind shares: notes, translation status, closing. */
import type { CaseMemory, CaseState, CaseStateName, CaseStep, PersonState, Side } from '../types.ts';
import type { Rule } from './engine.ts';

export const BOTH: readonly Side[] = ['initiator', 'responder'];
export const INITIATOR: readonly Side[] = ['initiator'];
export const RESPONDER: readonly Side[] = ['responder'];

/** A count of the step, 0 when absent. */
export function count(step: CaseStep, key: string): number {
  return step.facts.counts[key] ?? 0;
}

/** `state` moved to `next`, with memory and persons changed as given. */
export function moved(
  state: CaseState,
  next: CaseStateName,
  memory: Partial<CaseMemory> = {},
  persons: CaseState['persons'] = state.persons,
): CaseState {
  return { kind: state.kind, state: next, persons, memory: { ...state.memory, ...memory } };
}

/** Every person not yet closed, closed because the case closed. */
function closeAll(persons: CaseState['persons']): CaseState['persons'] {
  const out: Record<string, PersonState> = {};
  for (const [ref, p] of Object.entries(persons)) {
    out[ref] = p.state === 'closed' ? p : { ...p, state: 'closed', reason: 'case-closed' };
  }
  return out;
}

/** A `case.note`: either side, any state, changes nothing (a note is talk, not a step). */
export function noteRule(states: readonly CaseStateName[]): Rule {
  return { name: 'note', type: 'case.note', sides: BOTH, from: states, anytime: true, acts: 'either', apply: (s) => s };
}

/**
 * A `translation.status`: either side, any state, closed included (a closed case's documents
 * may still be translated for a prosecution or the returnee's file). It changes no case
 * state; translation only pauses deadline clocks (see `caseDeadlines`).
 */
export function translationRule(states: readonly CaseStateName[]): Rule {
  return { name: 'translation-status', type: 'translation.status', sides: BOTH, from: states, anytime: true, acts: 'either', apply: (s) => s };
}

/**
 * A `case.closed` by either side from any open state (a request withdrawn, a person gone, the
 * follow-up over), carrying HTCDS `Closed` or `ClosedReferred` by the `referred` count.
 */
export function closeRule(open: readonly CaseStateName[], sides: readonly Side[] = BOTH, name = 'close'): Rule {
  return {
    name,
    type: 'case.closed',
    sides,
    from: open,
    anytime: name === 'close',
    needs: ['referred'],
    apply: (s, step) =>
      moved(
        s,
        name === 'decline' ? 'declined' : 'closed',
        { closedStatus: count(step, 'referred') > 0 ? 'ClosedReferred' : 'Closed', closedBy: 'case-closed' },
        closeAll(s.persons),
      ),
  };
}
