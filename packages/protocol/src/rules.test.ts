import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { bodySchemas, exampleBodies, IsoDate, validateBody } from './bodies/index.ts';
import { fieldIssues } from './issues.ts';
import { MESSAGE_TYPES } from './message-types.ts';
import { RULES, ruleOf, type RuleCode } from './rules.ts';

/** Every `[path, value]` leaf of a body whose value is a date or an instant. */
function dates(value: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}/.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((x, i) => dates(x, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, x]) => dates(x, [...path, k]));
  return [];
}

function withValue(body: unknown, path: (string | number)[], value: string): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

const cases = MESSAGE_TYPES.flatMap((type) => dates(exampleBodies[type]).map(([path, value]) => [type, path.join('.'), path, value] as const));

describe('dates in bodies', () => {
  it('finds dates in the examples (the walk is not vacuous)', () => {
    expect(cases.length).toBeGreaterThan(15);
  });

  it.each(cases)('%s refuses a Buddhist-era year at %s, naming the field', (type, dotted, path, value) => {
    const result = validateBody(type, withValue(exampleBodies[type], path, `2569${value.slice(4)}`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ path: dotted, kind: 'year-out-of-range', params: { min: 1900, max: 2100 } }));
  });

  it.each([
    ['1900-01-01', true],
    ['2100-12-31', true],
    ['1899-12-31', false],
    ['2101-01-01', false],
    ['2569-02-10', false],
    ['0026-02-10', false],
  ])('IsoDate %s → %s', (day, ok) => {
    expect(v.is(IsoDate, day)).toBe(ok);
  });
});

describe('fieldIssues', () => {
  it('gives every registered rule a distinct message (the message finds the code)', () => {
    const messages = Object.values(RULES).map((r) => r.message);
    expect(new Set(messages).size).toBe(messages.length);
    for (const code of Object.keys(RULES) as RuleCode[]) expect(ruleOf(RULES[code].message)?.code).toBe(code);
  });

  it('names a missing field, a bound with its parameter, a rule by its code', () => {
    const r = v.safeParse(bodySchemas['investigation.extension'], { reason: 'x'.repeat(2001) });
    expect(r.success).toBe(false);
    expect(fieldIssues(r.issues!)).toEqual([
      { path: 'newDate', kind: 'missing', expected: '"newDate"', params: {}, message: 'missing: "newDate"' },
      { path: 'reason', kind: 'max_length', expected: '<=2000', params: { max: 2000 }, message: 'max_length: <=2000' },
    ]);
    const blank = validateBody('investigation.extension', { newDate: '2026-03-20', reason: '  ' });
    expect(blank).toEqual({ ok: false, issues: [{ path: 'reason', kind: 'blank', expected: null, params: {}, message: 'must not be blank' }] });
  });

  it('words a regex it knows by its rule, not the pattern', () => {
    const r = validateBody('investigation.extension', { newDate: '10/03/2026', reason: 'x' });
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'newDate', kind: 'date-format', message: 'not a YYYY-MM-DD date' }] });
  });
});
