import type { FieldIssue } from '@mou-hub/protocol';

/** Why a change was refused: `invalid` (400), `not-found` (404) or `conflict` (409). */
export interface ChangeProblem {
  code: 'invalid' | 'not-found' | 'conflict';
  message: string;
  /** Field problems, for `invalid`. */
  issues?: readonly FieldIssue[];
}

/** A new snapshot and a one-line summary of the change, or the problem. */
export type ChangeResult<T> = { ok: true; value: T } | { ok: false; problem: ChangeProblem };

export const ok = <T>(value: T): ChangeResult<T> => ({ ok: true, value });

export const fail = (code: ChangeProblem['code'], message: string, issues?: readonly FieldIssue[]): ChangeResult<never> => ({
  ok: false,
  problem: issues ? { code, message, issues } : { code, message },
});
