/** The case machines and the functions that run them. */
import type { Advance, CaseAction, CaseKind, CaseState, CaseStep, Party, Side } from '../types.ts';
import { consular } from './consular.ts';
import { actionsWith, advanceWith, refuse, startWith, type ActionSpec, type Machine } from './engine.ts';
import { investigation } from './investigation.ts';
import { repatriation } from './repatriation.ts';

export type { ActionSpec };

const MACHINES: Readonly<Record<CaseKind, Machine>> = {
  repatriation,
  investigation,
  'consular-verification': consular,
};

/**
 * Every action of a case kind with its sides and states, in priority order (for tables, the
 * console's help and the tests). `anytime` actions (note, translation status, close) are
 * allowed whatever the turn.
 * @example caseActions('investigation').map((a) => a.name) // ['acknowledge', 'decline', 'extend', …]
 */
export function caseActions(kind: CaseKind): readonly ActionSpec[] {
  return MACHINES[kind].rules.map(({ name, type, sides, from, anytime, acts }) => ({
    name,
    type,
    sides,
    from,
    ...(anytime ? { anytime } : {}),
    ...(acts ? { acts } : {}),
  }));
}

/**
 * The message types the home side's consular party acts instead of the focal point when a case
 * names one (`acts: 'consular'`): a deadline ended by these is owed by the consular party.
 * @example consularPartyTypes() // ['repatriation.travel-document']
 */
export function consularPartyTypes(): readonly string[] {
  return [...new Set(Object.values(MACHINES).flatMap((m) => m.rules.filter((r) => r.acts === 'consular').map((r) => r.type)))];
}

/**
 * Opens a case from its opening request, sent by the initiator. The kind follows from the
 * type; any other type is refused `not-an-opener`.
 * @example startCase({ type: 'investigation.request', side: 'initiator', facts: { counts: { urgent: 1, subjects: 1 } } })
 */
export function startCase(step: CaseStep): Advance {
  const machine = Object.values(MACHINES).find((m) => m.opener === step.type);
  if (!machine) return { ok: false, refusal: refuse('not-an-opener', { type: step.type }) };
  return startWith(machine, step);
}

/**
 * The next state after `step`, or a refusal with a code and parameters. Never throws. Both
 * sides (and the audit, from stats) run it on the same steps and reach the same case state.
 * `action` names the rule that applied, so an API can check it matches the action asked for.
 * @example advanceCase(state, { type: 'repatriation.handover.confirmation', side: 'responder', facts: { counts: { confirmed: 1 } } })
 *   // { ok: true, state: { state: 'handover-agreed', … }, action: 'confirm-handover' }
 */
export function advanceCase(state: CaseState, step: CaseStep): Advance {
  const machine = MACHINES[state.kind];
  if (!machine) return { ok: false, refusal: refuse('type-not-in-case', { kind: String(state.kind), type: step.type }) };
  return advanceWith(machine, state, step);
}

/**
 * What `side` may do now as `[{name, type}]`: empty when it is the other side's turn. With
 * `{ anytime: true }` the actions allowed whatever the turn (note, translation status, close)
 * are listed too; with `{ party: 'consular' }` only those the home side's consular party acts.
 * @example allowedActions(state, 'responder') // [{ name: 'confirm-handover', type: 'repatriation.handover.confirmation' }, …]
 */
export function allowedActions(state: CaseState, side: Side, options: { anytime?: boolean; party?: Party } = {}): CaseAction[] {
  const machine = MACHINES[state.kind];
  return machine ? actionsWith(machine, state, side, options.anytime === true, options.party) : [];
}

/**
 * `startCase` on the first step, then `advanceCase` on each later one; stops at the first
 * refusal. How the audit rebuilds a case from the envelopes it stored.
 * @example replayCase(steps).ok
 */
export function replayCase(steps: readonly CaseStep[]): Advance {
  const [first, ...rest] = steps;
  if (!first) return { ok: false, refusal: refuse('not-an-opener', { type: 'none' }) };
  let result = startCase(first);
  for (const step of rest) {
    if (!result.ok) return result;
    result = advanceCase(result.state, step);
  }
  return result;
}
