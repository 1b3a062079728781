import { describe, expect, it } from 'vitest';
import { hasDuplicateKeys } from './duplicate-keys.ts';
import { parseJson } from './base64url.ts';

describe('hasDuplicateKeys', () => {
  it.each([
    ['{"to":"a","to":"b"}', true],
    ['{"to":"a","t\\u006f":"b"}', true],
    ['{"a":{"x":1,"y":{"x":2}},"b":[{"x":1},{"x":2}]}', false],
    ['{"a":{"x":1,"x":2}}', true],
    ['[{"x":1},{"x":1}]', false],
    ['{"s":"a \\"quoted\\" , { key","s2":"\\\\"}', false],
    ['{"s":"\\\\","s":1}', true],
    ['{"a":[1,{"b":2,"b":3}]}', true],
    ['{}', false],
    ['"just a string"', false],
  ])('%s → %s', (json, expected) => {
    JSON.parse(json); // the inputs are valid JSON
    expect(hasDuplicateKeys(json)).toBe(expected);
  });

  it('makes parseJson refuse a text with a duplicate key', () => {
    expect(parseJson('{"to":"la-mlsw","to":"la-mps"}')).toBeUndefined();
    expect(parseJson('{"to":"la-mlsw"}')).toEqual({ to: 'la-mlsw' });
  });
});
