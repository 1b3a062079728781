import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../problem-codes.ts';
import { failingPaths } from './test-support.ts';

describe('receipt', () => {
  const type = 'receipt';

  it.each([
    ['a status other than accepted', { status: 'rejected' }, 'status'],
    ['a received time without milliseconds', { received: '2026-02-11T02:14:07Z' }, 'received'],
    ['an envelope hash in hex', { envelope: `sha256:${'a'.repeat(64)}` }, 'envelope'],
    ['an envelope hash without prefix', { envelope: 'TFA8pndh5cSq7P6ZYkTCXYwLQJAtEIXIW0RovVZ1SMY' }, 'envelope'],
    ['an upper-case message id', { for: '019C4A1E-7B2F-7C3D-9A41-5E6F7A8B9C0D' }, 'for'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('problem', () => {
  const type = 'problem';

  it.each(PROBLEM_CODES)('takes code %s', (code) => {
    expect(failingPaths(type, { code })).toEqual([]);
  });

  it.each([
    ['an unknown code', { code: 'bad-body' }, 'code'],
    ['an empty detail', { detail: '' }, 'detail'],
    ['a detail over 2,000 characters', { detail: 'x'.repeat(2001) }, 'detail'],
    ['no for', { for: undefined }, 'for'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});
