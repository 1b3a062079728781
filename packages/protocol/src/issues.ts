import * as v from 'valibot';
import { ruleOf } from './rules.ts';

/**
 * One field problem: where, which kind, what was expected. The one shape from the protocol to
 * the API answer to the page (service-kit's `parseInput` and the console use it as it is).
 * Never carries the received value.
 */
export interface FieldIssue {
  /** Dot path of the field (`persons.0.person.givenName`), `''` for the value itself. */
  readonly path: string;
  /**
   * A stable code: `missing`, a valibot issue type (`min_length`, `picklist`, `regex`…), or the
   * code of a rule in `RULES` (`year-out-of-range`, `consent-required`…); `rule` for any other check.
   */
  readonly kind: string;
  /** What was expected, as valibot words it (`>=1`, `"lo" | "th"`), or `null`. */
  readonly expected: string | null;
  /** What a worded message may show: `min`, `max` of a bound or a rule. */
  readonly params: Readonly<Record<string, number | string>>;
  /** In English, for people reading the JSON (`min_length: >=1`, or the rule's own message). */
  readonly message: string;
}

/** Issue types whose message the schemas write themselves (never echoing the input). */
const RULE_TYPES: ReadonlySet<string> = new Set(['check', 'partial_check', 'raw_check']);
const LOWER = new Set(['min_length', 'min_value', 'min_size', 'min_entries', 'min_words', 'min_graphemes', 'min_bytes']);
const UPPER = new Set(['max_length', 'max_value', 'max_size', 'max_entries', 'max_words', 'max_graphemes', 'max_bytes']);

/** The bound of a `>=1` / `<=200` expectation as `{min}` or `{max}`. */
function boundParams(type: string, expected: string | null): Record<string, number> {
  const n = /^[<>]=?(-?\d+(?:\.\d+)?)$/.exec(expected ?? '')?.[1];
  if (n === undefined) return {};
  if (LOWER.has(type)) return { min: Number(n) };
  if (UPPER.has(type)) return { max: Number(n) };
  return {};
}

/** One valibot issue as a {@link FieldIssue}. */
function fieldIssue(issue: v.BaseIssue<unknown>): FieldIssue {
  const path = v.getDotPath(issue) ?? '';
  const rule = RULE_TYPES.has(issue.type) || issue.type === 'regex' ? ruleOf(issue.message) : undefined;
  if (rule) return { path, kind: rule.code, expected: issue.expected, params: rule.params, message: issue.message };
  if (RULE_TYPES.has(issue.type)) return { path, kind: 'rule', expected: null, params: {}, message: issue.message };
  const kind = issue.received === 'undefined' && issue.kind === 'schema' ? 'missing' : issue.type;
  const message = issue.expected === null ? kind : `${kind}: ${issue.expected}`;
  return { path, kind, expected: issue.expected, params: boundParams(issue.type, issue.expected), message };
}

/**
 * Turns valibot issues into {@link FieldIssue}s without echoing the input: problem details
 * travel back to the sender and into logs, so they must not carry names from a decrypted body.
 *
 * @example
 * const r = v.safeParse(schema, input);
 * if (!r.success) console.log(fieldIssues(r.issues));
 * // [{ path: 'text', kind: 'min_length', expected: '>=1', params: { min: 1 }, message: 'min_length: >=1' }]
 */
export function fieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map(fieldIssue);
}

/**
 * One line for a problem detail, at most `limit` issues.
 *
 * @example
 * describeIssues(fieldIssues(r.issues)); // 'text (min_length: >=1)'
 */
export function describeIssues(issues: readonly Pick<FieldIssue, 'path' | 'message'>[], limit = 5): string {
  const shown = issues.slice(0, limit).map((i) => `${i.path || '(root)'} (${i.message})`);
  const more = issues.length > limit ? `, and ${issues.length - limit} more` : '';
  return shown.join('; ') + more;
}
