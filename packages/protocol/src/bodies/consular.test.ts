import { describe, expect, it } from 'vitest';
import { failingPaths } from './test-support.ts';

describe('consular.verification.request', () => {
  const type = 'consular.verification.request';

  it('lets a girl detained at 17 go without the means element', () => {
    expect(failingPaths(type, { 'victim.means': undefined })).toEqual(['victim.means']);
    expect(failingPaths(type, { 'victim.means': undefined, 'person.dateOfBirth': '2008-06-01' })).toEqual([]);
  });

  it('takes a woman who called for help before she is identified as a victim', () => {
    expect(failingPaths(type, { victim: undefined, circumstances: 'called-for-help', detainedSince: undefined })).toEqual([]);
  });

  it.each([
    ['other circumstances without detail', { circumstances: 'other', circumstancesDetail: undefined }, 'circumstancesDetail'],
    ['no province in China', { 'locationInChina.province': undefined }, 'locationInChina.province'],
    ['no way to reach her', { contact: {} }, 'contact'],
    ['an unknown document type', { 'documentsHeld.0.type': 'hukou' }, 'documentsHeld.0.type'],
    ['a person without a reference', { 'person.ref': undefined }, 'person.ref'],
    ['an unknown circumstance', { circumstances: 'arrested' }, 'circumstances'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('consular.verification.result', () => {
  const type = 'consular.verification.result';

  it('takes a refusal, and a correction with its reason', () => {
    expect(failingPaths(type, { nationalityConfirmed: false })).toEqual([]);
    expect(failingPaths(type, { revisionReason: 'The family book entry was of her cousin.' })).toEqual([]);
  });

  it.each([
    ['an undecided nationality', { nationalityConfirmed: null }, 'nationalityConfirmed'],
    ['no basis', { basis: '' }, 'basis'],
    ['an empty reason for a correction', { revisionReason: '' }, 'revisionReason'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });

  it('carries no travel document any more: the embassy issues it in the repatriation', () => {
    const doc = { personRef: 'C1', documentType: 'travel-certificate', number: 'LA-BJ-2026-0031', issuedBy: 'Embassy of the Lao PDR, Beijing', issuedOn: '2026-02-16', validUntil: '2026-05-16' };
    expect(failingPaths(type, { travelDocument: doc })).toEqual(['travelDocument']);
  });
});
