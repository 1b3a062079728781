import * as v from 'valibot';

/** One field problem: where, and what was expected. Never carries the received value. */
export interface FieldIssue {
  /** Dot path of the field (`body.persons.0.name`), `''` for the value itself. */
  readonly path: string;
  /** What was expected, e.g. `max_length: <=10000`. */
  readonly message: string;
}

/**
 * Turns valibot issues into {@link FieldIssue}s without echoing the input: problem details
 * travel back to the sender and into logs, so they must not carry names from a decrypted body.
 *
 * @example
 * const r = v.safeParse(schema, input);
 * if (!r.success) console.log(fieldIssues(r.issues)); // [{ path: 'text', message: 'min_length: >=1' }]
 */
export function fieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.expected === null ? issue.type : `${issue.type}: ${issue.expected}`,
  }));
}

/**
 * One line for a problem detail, at most `limit` issues.
 *
 * @example
 * describeIssues(fieldIssues(r.issues)); // 'text (min_length: >=1)'
 */
export function describeIssues(issues: readonly FieldIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((i) => `${i.path || '(root)'} (${i.message})`);
  const more = issues.length > limit ? `, and ${issues.length - limit} more` : '';
  return shown.join('; ') + more;
}
