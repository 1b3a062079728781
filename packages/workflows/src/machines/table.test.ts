/**
 * Every state × every action × both sides: a legal pair advances, an illegal one is refused
 * with the code the rule table implies.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COUNTS, countStep, PATHS, reach } from '../test-support.ts';
import { CASE_KINDS, type CaseKind, type Side } from '../types.ts';
import { advanceCase, caseActions } from './index.ts';

const SIDES: readonly Side[] = ['initiator', 'responder'];
const TERMINAL = new Set(['closed', 'declined']);

function cases(kind: CaseKind) {
  const actions = caseActions(kind);
  return Object.keys(PATHS[kind]).flatMap((state) =>
    actions.flatMap((action) => SIDES.map((side) => ({ kind, state, action, side }))),
  );
}

describe.each(CASE_KINDS)('%s: every state × action × side', (kind) => {
  const actions = caseActions(kind);
  it.each(cases(kind))('$state, $action.name by $side', ({ state, action, side }) => {
    const result = advanceCase(reach(PATHS[kind][state]!), countStep(action.type, side, ACTION_COUNTS[action.name] ?? {}));
    const legal = action.from.includes(state as never) && action.sides.includes(side);
    if (legal) {
      expect(result).toMatchObject({ ok: true });
      return;
    }
    const sameType = actions.filter((a) => a.type === action.type);
    const someoneMay = sameType.some((a) => a.from.includes(state as never));
    const mine = sameType.some((a) => a.from.includes(state as never) && a.sides.includes(side));
    if (mine) {
      // Another rule of this type is this side's (confirm vs counter-propose): the counts decide.
      if (!result.ok) expect(result.refusal.code).toBe('step-not-allowed');
      return;
    }
    const code = someoneMay ? 'not-your-turn' : TERMINAL.has(state) ? 'case-closed' : 'step-not-allowed';
    expect(result).toMatchObject({ ok: false, refusal: { code } });
  });
});
