import type { Advance, CaseAction, CaseKind, CaseState, CaseStep, Side } from '../types.ts';

/** One action of a machine: who may send which type in which states. */
export interface ActionSpec {
  /** Stable action name, e.g. `confirm-handover`. */
  readonly name: string;
  /** The message type it sends. */
  readonly type: string;
  /** The side that may take it. */
  readonly side: Side;
  /** The case-level states it may be taken in. */
  readonly from: readonly string[];
}

/** Every action of a case kind (for tables, the console and the tests). */
export function caseActions(kind: CaseKind): readonly ActionSpec[] {
  void kind;
  throw new Error('not implemented yet');
}

/** Opens a case from its opening request (sent by the initiator). */
export function startCase(step: CaseStep): Advance {
  void step;
  throw new Error('not implemented yet');
}

/** The next state after `step`, or a refusal with a code and parameters. Never throws. */
export function advanceCase(state: CaseState, step: CaseStep): Advance {
  void state;
  void step;
  throw new Error('not implemented yet');
}

/** What `side` may do now; empty when it is the other side's turn (notes aside). */
export function allowedActions(state: CaseState, side: Side): CaseAction[] {
  void state;
  void side;
  throw new Error('not implemented yet');
}

/** `startCase` then `advanceCase` for each later step; stops at the first refusal. */
export function replayCase(steps: readonly CaseStep[]): Advance {
  void steps;
  throw new Error('not implemented yet');
}
