import { describe, expect, it } from 'vitest';
import { caseSummary } from './case-summary.ts';

const person = (ref: string, p: Record<string, unknown>) => ({ ref, record: { person: { ref, gender: 'Feminine', ...p } } });

describe('caseSummary', () => {
  it.each([
    ['an adult', [person('P1', { givenName: 'Khamla', familyName: 'Phommavong', dateOfBirth: '1998-05-02' })], { name: 'Khamla Phommavong', persons: 1, minor: false }],
    ['a minor by date of birth', [person('P1', { givenName: 'Noy', dateOfBirth: '2010-03-02' })], { name: 'Noy', persons: 1, minor: true }],
    ['18 today is no minor', [person('P1', { givenName: 'Noy', dateOfBirth: '2008-03-01' })], { name: 'Noy', persons: 1, minor: false }],
    ['a minor when trafficked, age only', [person('P1', { givenName: 'Khamla', dateOfBirth: '1998-05-02' }), person('P2', { givenName: 'Noy', ageWhenTrafficked: 16 })], { name: 'Khamla', persons: 2, minor: true }],
    ['an investigation subject', [{ ref: 'S0', record: { subject: { type: 'person', person: { givenName: 'Somchai' } } } }], { name: 'Somchai', persons: 1, minor: false }],
    ['nobody', [], { name: undefined, persons: 0, minor: false }],
  ])('%s', (_, records, expected) => {
    expect(caseSummary(records, '2026-03-01')).toEqual(expected);
  });
});
