import * as v from 'valibot';
import { HttpError } from './errors.ts';

/** One field's problem: where (`a.b.0`), the valibot issue kind (`min_length`), what was expected. */
export interface FieldIssue {
  path: string;
  /** The issue kind, a stable code (`min_length`, `regex`, `picklist`, `missing`…). */
  kind: string;
  /** What was expected, as valibot words it (`>=1`, `"lo" | "th"`), never the value received. */
  expected: string | null;
  /** `kind: expected`, for people reading the JSON. */
  message: string;
}

/** The field problems of a failed parse, without the values (they may be victim data). */
export function fieldIssuesOf(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => {
    const kind = issue.received === 'undefined' && issue.kind === 'schema' ? 'missing' : issue.type;
    return { path: v.getDotPath(issue) ?? '', kind, expected: issue.expected, message: issue.expected === null ? kind : `${kind}: ${issue.expected}` };
  });
}

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
