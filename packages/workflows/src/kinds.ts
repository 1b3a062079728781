/** Which machine a thread runs, from the type that opened it. */
import type { CaseKind } from './types.ts';

/** The opening request of each case kind. */
export const CASE_OPENERS = {
  repatriation: 'repatriation.request',
  investigation: 'investigation.request',
  'consular-verification': 'consular.verification.request',
} as const satisfies Record<CaseKind, string>;

/**
 * The case kind a thread opened by `openerType` runs, or undefined (a thread opened by a
 * `case.note` is no case).
 * @example caseKindOf('investigation.request') // 'investigation'
 */
export function caseKindOf(openerType: string): CaseKind | undefined {
  for (const [kind, opener] of Object.entries(CASE_OPENERS)) {
    if (opener === openerType) return kind as CaseKind;
  }
  return undefined;
}
