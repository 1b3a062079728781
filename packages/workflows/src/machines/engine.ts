/**
 * The one engine every case kind runs: a machine is a table of rules (who sends which type in
 * which states, on which facts), and the engine picks the rule or says why none fits.
 */
import type { Advance, CaseKind, CaseState, CaseStateName, CaseStep, Party, Refusal, Side } from '../types.ts';

/** One action of a machine: who may send which type in which states. */
export interface ActionSpec {
  /** Stable action name, e.g. `confirm-handover`. */
  readonly name: string;
  /** The message type it sends. */
  readonly type: string;
  /** The sides that may take it. */
  readonly sides: readonly Side[];
  /** The case-level states it may be taken in. */
  readonly from: readonly CaseStateName[];
  /** Allowed whatever the turn (notes, translation status, closing): not listed as a turn. */
  readonly anytime?: boolean;
  /**
   * Which agency of the side acts it: `focal-point` (the default: the thread's party),
   * `either` (the focal point or the home side's consular party), `consular` (the consular
   * party when the case names one, else the focal point).
   */
  readonly acts?: 'focal-point' | 'either' | 'consular';
}

/** A rule: an action plus the facts it needs and what it does. */
export interface Rule extends ActionSpec {
  /** Count keys the step must carry (else `missing-fact`). */
  readonly needs?: readonly string[];
  /** The rule applies only when the counts say so (e.g. `confirmed` is 1). */
  readonly when?: (counts: Readonly<Record<string, number>>) => boolean;
  /** The next state, or a refusal. */
  readonly apply: (state: CaseState, step: CaseStep) => CaseState | Refusal;
}

/** A case kind's machine. */
export interface Machine {
  /** The kind it runs. */
  readonly kind: CaseKind;
  /** The type that opens a case, sent by the initiator. */
  readonly opener: string;
  /** The first state, from the opening request. */
  readonly start: (step: CaseStep) => CaseState | Refusal;
  /** States after which only `anytime` rules that list them apply. */
  readonly terminal: readonly CaseStateName[];
  /** Rules in priority order: the first that fits wins. */
  readonly rules: readonly Rule[];
}

/** Builds a refusal. */
export function refuse(code: Refusal['code'], params: Refusal['params']): Refusal {
  return { code, params };
}

/** Whether `x` is a refusal rather than a state. */
export function isRefusal<T extends object>(x: T | Refusal): x is Refusal {
  return 'code' in x && 'params' in x;
}

/** Whether `party` may act `rule` in a case whose memory says if it has a consular party. */
export function partyMay(rule: Pick<ActionSpec, 'acts'>, state: CaseState, party: Party): boolean {
  const acts = rule.acts ?? 'focal-point';
  if (acts === 'either') return true;
  if (acts === 'consular' && state.memory.consular === true) return party === 'consular';
  return party === 'focal-point';
}

function done(result: CaseState | Refusal, action: string): Advance {
  return isRefusal(result) ? { ok: false, refusal: result } : { ok: true, state: result, action };
}

/** Opens a case with `machine`. Never throws. */
export function startWith(machine: Machine, step: CaseStep): Advance {
  if (step.type !== machine.opener) return { ok: false, refusal: refuse('not-an-opener', { type: step.type }) };
  if (step.side !== 'initiator') {
    return { ok: false, refusal: refuse('not-your-turn', { state: 'none', side: step.side, type: step.type }) };
  }
  return done(machine.start(step), 'request');
}

/** The next state under `machine`, or the most telling refusal. Never throws. */
export function advanceWith(machine: Machine, state: CaseState, step: CaseStep): Advance {
  const ofType = machine.rules.filter((r) => r.type === step.type);
  if (ofType.length === 0 && step.type !== machine.opener) {
    return { ok: false, refusal: refuse('type-not-in-case', { kind: machine.kind, type: step.type }) };
  }
  const here = ofType.filter((r) => r.from.includes(state.state));
  if (here.length === 0) {
    const code = machine.terminal.includes(state.state) ? 'case-closed' : 'step-not-allowed';
    return { ok: false, refusal: refuse(code, { state: state.state, type: step.type }) };
  }
  const mine = here.filter((r) => r.sides.includes(step.side));
  if (mine.length === 0) {
    return { ok: false, refusal: refuse('not-your-turn', { state: state.state, side: step.side, type: step.type }) };
  }
  const party = step.party ?? 'focal-point';
  const ours = mine.filter((r) => partyMay(r, state, party));
  if (ours.length === 0) {
    // A home step by the wrong agency of the home side (the focal point issuing the travel
    // document the embassy issues, or the embassy assessing): `party` names who may.
    const may = party === 'consular' ? 'focal-point' : 'consular';
    return { ok: false, refusal: refuse('wrong-agency', { state: state.state, type: step.type, party: may }) };
  }
  let missing: Refusal | undefined;
  for (const rule of ours) {
    const lacking = rule.needs?.find((key) => step.facts.counts[key] === undefined);
    if (lacking !== undefined) {
      missing ??= refuse('missing-fact', { type: step.type, fact: lacking });
      continue;
    }
    if (rule.when && !rule.when(step.facts.counts)) continue;
    return done(rule.apply(state, step), rule.name);
  }
  return { ok: false, refusal: missing ?? refuse('step-not-allowed', { state: state.state, type: step.type }) };
}

/** Actions `party` of `side` may take in `state`, each name once, in rule order. */
export function actionsWith(
  machine: Machine,
  state: CaseState,
  side: Side,
  anytime: boolean,
  party: Party = 'focal-point',
): { name: string; type: string }[] {
  const seen = new Set<string>();
  const out: { name: string; type: string }[] = [];
  for (const rule of machine.rules) {
    if (!rule.from.includes(state.state) || !rule.sides.includes(side)) continue;
    if (!partyMay(rule, state, party)) continue;
    if (rule.anytime && !anytime) continue;
    if (seen.has(rule.name)) continue;
    seen.add(rule.name);
    out.push({ name: rule.name, type: rule.type });
  }
  return out;
}
