import { describe, expect, it } from 'vitest';
import { failingPaths } from './test-support.ts';

describe('investigation.request', () => {
  const type = 'investigation.request';

  it.each([
    ['an unknown kind', { kind: 'arrest' }, 'kind'],
    ['no subjects', { subjects: [] }, 'subjects'],
    ['an unknown subject type', { 'subjects.0.type': 'vehicle' }, 'subjects.0.type'],
    ['a phone number without country code', { 'subjects.0.number': '020 9991 2345' }, 'subjects.0.number'],
    ['a platform outside the HTCDS list', { 'subjects.1.platform': 'MySpace' }, 'subjects.1.platform'],
    ['a phone field on a person', { 'subjects.2.number': '+8562099912345' }, 'subjects.2.number'],
    ['no facts', { facts: ' ' }, 'facts'],
    ['no requesting officer', { requestedBy: undefined }, 'requestedBy'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('investigation.acknowledgement', () => {
  const type = 'investigation.acknowledgement';

  it.each([
    ['an answer due before receipt', { expectedAnswerBy: '2026-02-19' }, 'expectedAnswerBy'],
    ['no unit', { assignedUnit: undefined }, 'assignedUnit'],
    ['a timestamp for a date', { received: '2026-02-20T02:00:00.000Z' }, 'received'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('investigation.extension', () => {
  const type = 'investigation.extension';

  it.each([
    ['no reason', { reason: undefined }, 'reason'],
    ['a blank reason', { reason: '  ' }, 'reason'],
    ['an impossible date', { newDate: '2026-04-31' }, 'newDate'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('investigation.response', () => {
  const type = 'investigation.response';

  it('takes a full answer with a location and a rescue count', () => {
    const results = { locatedAt: { country: 'TH', province: 'Ubon Ratchathani' }, rescued: 3 };
    expect(failingPaths(type, { completeness: 'full', results })).toEqual([]);
  });

  it.each([
    ['an unknown completeness', { completeness: 'most' }, 'completeness'],
    ['evidence that is no sha256 reference', { 'evidence.1': 'photo.jpg' }, 'evidence.1'],
    ['a fractional rescue count', { 'results.rescued': 1.5 }, 'results.rescued'],
    ['an identification of no subject', { 'results.identified.0.subject': -1 }, 'results.identified.0.subject'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});
