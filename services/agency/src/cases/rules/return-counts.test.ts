import { describe, expect, it } from 'vitest';
import type { CasePersonRecord } from './case-persons.ts';
import { returnCounts } from './return-counts.ts';

const person = (ref: string, gender: string, age: { dateOfBirth?: string; ageWhenTrafficked?: number }): CasePersonRecord => ({
  ref,
  record: { person: { ref, givenName: 'X', gender, ...age } },
});

const persons = [
  person('P1', 'Feminine', { dateOfBirth: '2010-05-01' }),
  person('P2', 'Feminine', { dateOfBirth: '1990-01-01' }),
  person('P3', 'Masculine', { ageWhenTrafficked: 15 }),
  person('P4', 'TransgenderFeminine', { ageWhenTrafficked: 30 }),
  person('P5', 'NonSpecifiedUnknown', { dateOfBirth: '2008-12-01' }),
];

describe('returnCounts', () => {
  it.each([
    { refs: ['P1', 'P2'], want: { female: 2, 'female-minors': 1 } },
    { refs: ['P3'], want: { male: 1, 'male-minors': 1 } },
    { refs: ['P4'], want: { 'transgender-feminine': 1, 'transgender-feminine-minors': 0 } },
    // 17 on the day of the handover, 18 the day after.
    { refs: ['P5'], want: { 'gender-unknown': 1, 'gender-unknown-minors': 1 } },
    { refs: ['P5'], on: '2026-12-01', want: { 'gender-unknown': 1, 'gender-unknown-minors': 0 } },
    { refs: ['P9'], want: {} },
    { refs: ['P2', 'P2'], want: { female: 1, 'female-minors': 0 } },
  ])('$refs on $on', ({ refs, on, want }) => {
    expect(returnCounts(persons, refs, on ?? '2026-11-29')).toEqual(want);
  });

  it('carries counts only', () => {
    const out = JSON.stringify(returnCounts(persons, ['P1', 'P2', 'P3', 'P4', 'P5'], '2026-11-29'));
    expect(out).not.toMatch(/X|20\d\d|P\d/);
  });
});
