import { describe, expect, it } from 'vitest';
import { exampleBodies } from './examples.ts';
import { failingPaths } from './test-support.ts';

describe('repatriation.request', () => {
  const type = 'repatriation.request';

  it('lets the 16-year-old go without the means element, but not the adult', () => {
    expect(failingPaths(type, {})).toEqual([]);
    expect(failingPaths(type, { 'persons.0.victim.means': undefined })).toEqual(['persons.0.victim.means']);
    expect(failingPaths(type, { 'persons.0.victim.means': [] })).toEqual(['persons.0.victim.means']);
  });

  it('treats a person as a child by their age on the identification day', () => {
    expect(failingPaths(type, { 'persons.1.person.dateOfBirth': '2007-01-01' })).toEqual(['persons.1.victim.means']);
    expect(failingPaths(type, { 'persons.1.person.dateOfBirth': '2008-02-11' })).toEqual([]);
    expect(failingPaths(type, { 'persons.1.person.dateOfBirth': '2008-02-10' })).toEqual(['persons.1.victim.means']);
    expect(failingPaths(type, { 'persons.1.person.dateOfBirth': '2000-01-01', 'persons.1.person.ageWhenTrafficked': 17 })).toEqual([]);
  });

  it.each([
    ['consent not given', { 'persons.1.consent.given': false }, 'persons.1.consent.given'],
    ['a gender outside HTCDS', { 'persons.0.person.gender': 'Female' }, 'persons.0.person.gender'],
    ['a lower-case country', { 'persons.0.person.citizenship': ['la'] }, 'persons.0.person.citizenship.0'],
    ['an unknown exploitation', { 'persons.0.victim.typeOfExploitation': ['Scamming'] }, 'persons.0.victim.typeOfExploitation.0'],
    ['no exploitation', { 'persons.0.victim.typeOfExploitation': [] }, 'persons.0.victim.typeOfExploitation'],
    ['a repeated control method', { 'persons.0.victim.methodsOfControl': ['DebtBondage', 'DebtBondage'] }, 'persons.0.victim.methodsOfControl'],
    ['no act', { 'persons.0.victim.act': [] }, 'persons.0.victim.act'],
    ['an impossible date', { identifiedOn: '2026-02-30' }, 'identifiedOn'],
    ['an unknown request', { requests: ['familyTracing', 'visa'] }, 'requests.1'],
    ['no request', { requests: [] }, 'requests'],
    ['the same person twice', { 'persons.1.person.ref': 'P1' }, 'persons'],
    ['no one', { persons: [] }, 'persons'],
    ['a summary over 20,000 characters', { interviewSummary: 'x'.repeat(20_001) }, 'interviewSummary'],
    ['an unknown urgency', { urgency: 'asap' }, 'urgency'],
    ['an unknown key in a person', { 'persons.0.person.nickname': 'Nok' }, 'persons.0.person.nickname'],
    ['a local phone number', { 'persons.0.familyContacts.0.phone': '020 5551 2345' }, 'persons.0.familyContacts.0.phone'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });

  it('takes at most 50 persons', () => {
    const one = exampleBodies[type].persons[0]!;
    const persons = (n: number) => Array.from({ length: n }, (_, i) => ({ ...one, person: { ...one.person, ref: `P${i}` } }));
    expect(failingPaths(type, { persons: persons(50) })).toEqual([]);
    expect(failingPaths(type, { persons: persons(51) })).toEqual(['persons']);
  });
});

describe('repatriation.assessment', () => {
  const type = 'repatriation.assessment';

  it('needs a reason when nationality is not confirmed', () => {
    expect(failingPaths(type, { 'persons.0.nationalityConfirmed': null, 'persons.0.nationalityReason': 'Family book not found yet.' })).toEqual([]);
    expect(failingPaths(type, { 'persons.0.nationalityConfirmed': false, 'persons.0.nationalityReason': undefined })).toEqual([
      'persons.0.nationalityReason',
    ]);
    expect(failingPaths(type, { 'persons.0.nationalityReason': undefined })).toEqual([]);
  });

  it.each([
    ['a missing safeToReturn', { 'persons.1.safeToReturn': undefined }, 'persons.1.safeToReturn'],
    ['a string for familyFound', { 'persons.0.familyFound': 'yes' }, 'persons.0.familyFound'],
    ['no province', { 'persons.0.province': '' }, 'persons.0.province'],
    ['the same person twice', { 'persons.1.personRef': 'P1' }, 'persons'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('repatriation.travel-document', () => {
  const type = 'repatriation.travel-document';

  it.each([
    ['an unknown document type', { 'documents.0.documentType': 'visa' }, 'documents.0.documentType'],
    ['validity ending before issue', { 'documents.1.validUntil': '2026-03-01' }, 'documents.1.validUntil'],
    ['a number with spaces', { 'documents.0.number': 'LA TC 2026' }, 'documents.0.number'],
    ['no documents', { documents: [] }, 'documents'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('repatriation.reintegration.update', () => {
  const type = 'repatriation.reintegration.update';

  it.each([
    ['an unknown stage', { stage: 'home' }, 'stage'],
    ['an unknown service', { services: ['shelter', 'cash'] }, 'services.1'],
    ['a date in another form', { date: '24/03/2026' }, 'date'],
    ['an empty summary', { summary: '' }, 'summary'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});
