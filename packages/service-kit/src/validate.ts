import * as v from 'valibot';
import { fieldIssues, type FieldIssue } from '@mou-hub/protocol';
import { HttpError } from './errors.ts';

/** One field's problem, in the protocol's one shape (`{path, kind, expected, params, message}`). */
export type { FieldIssue };

/** The field problems of a failed parse, without the values (they may be victim data). */
export const fieldIssuesOf: (issues: readonly v.BaseIssue<unknown>[]) => FieldIssue[] = fieldIssues;

/**
 * `input` parsed with `schema`, or a 400 `invalid-request` HttpError whose details are
 * `{issues: FieldIssue[]}`. The one validation answer of every service.
 * @example const { username } = parseInput(LoginRequest, await c.req.json(), 'body');
 */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown, what = 'request'): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (!r.success) throw new HttpError(400, 'invalid-request', `the ${what} is not valid`, { issues: fieldIssuesOf(r.issues) });
  return r.output;
}
