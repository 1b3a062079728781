import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../message-types.ts';
import { bodySchemas, exampleBodies, validateBody } from './index.ts';

// Properties of every body schema, on generated input. Each run is seeded by fast-check and
// prints its seed and the shrunk counterexample when it fails.
const RUNS = { numRuns: 150 };
const TYPES = [...MESSAGE_TYPES];
const OPTIONAL = new Set(['optional', 'nullish', 'exact_optional', 'undefinedable']);

/** Paths to every leaf of a JSON value, e.g. `['persons', 0, 'person', 'gender']`. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

/** The top-level entries of a (piped) strict object schema, or none for a variant. */
function entries(type: (typeof TYPES)[number]): Record<string, { type: string }> {
  const schema = bodySchemas[type] as unknown as { entries?: Record<string, { type: string }> };
  return schema.entries ?? {};
}

describe.each(TYPES)('body of %s', (type) => {
  const example = exampleBodies[type];

  it('takes its example, and what it outputs validates again to the same', () => {
    const first = validateBody(type, example);
    expect(first.ok).toBe(true);
    const again = validateBody(type, JSON.parse(JSON.stringify(first.ok && first.body)));
    expect(again).toEqual(first);
  });

  it('never throws on any value, and names a path for every issue', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (body) => {
        const r = validateBody(type, body);
        if (!r.ok) for (const issue of r.issues) expect(typeof issue.path).toBe('string');
      }),
      RUNS,
    );
  });

  it('never throws when any one field of its example is replaced by any value', () => {
    const paths = leaves(example);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        validateBody(type, replaced(example, path, value));
      }),
      RUNS,
    );
  });

  it('refuses an unknown field anywhere at the top', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in (example as object)) && k !== '__proto__'), fc.jsonValue(), (key, value) => {
        expect(validateBody(type, { ...(example as object), [key]: value }).ok).toBe(false);
      }),
      RUNS,
    );
  });

  const required = Object.entries(entries(type)).filter(([, s]) => !OPTIONAL.has(s.type)).map(([k]) => k);
  it.runIf(required.length > 0)(`refuses its example without a required field (${required.join(', ')})`, () => {
    for (const key of required) {
      const { [key]: _, ...rest } = example as Record<string, unknown>;
      const r = validateBody(type, rest);
      expect({ key, ok: r.ok }).toEqual({ key, ok: false });
    }
  });
});
