import { describe, expect, it } from 'vitest';
import { failingPaths } from './test-support.ts';

describe('repatriation.handover.proposal', () => {
  const type = 'repatriation.handover.proposal';

  it('takes a checkpoint by id, or another one by name', () => {
    expect(failingPaths(type, { checkpoint: { id: 'cau-treo' } })).toEqual([]);
    expect(failingPaths(type, { checkpoint: { id: 'other', name: 'Chong Mek - Vangtao' } })).toEqual([]);
    expect(failingPaths(type, { checkpoint: { id: 'other' } })).toEqual(['checkpoint.name']);
    expect(failingPaths(type, { checkpoint: { id: 'cau-treo', name: 'Cau Treo' } })).toEqual(['checkpoint.name']);
    expect(failingPaths(type, { checkpoint: { id: 'mukdahan' } })).toEqual(['checkpoint.id']);
  });

  it.each([
    ['a time past midnight', { time: '25:00' }, 'time'],
    ['no escorts', { escorts: [] }, 'escorts'],
    ['an escort without an agency id', { 'escorts.0.agency': 'MSDHS' }, 'escorts.0.agency'],
    ['the same person twice', { persons: ['P1', 'P1'] }, 'persons'],
    ['a date with a time', { date: '2026-03-17T09:30' }, 'date'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('repatriation.handover.confirmation', () => {
  const type = 'repatriation.handover.confirmation';
  const proposal = '019cf0a2-3d4e-7f50-8a61-b2c3d4e5f607';

  it('takes a counter-proposal with a date and a reason', () => {
    const counter = { proposal, confirmed: false, alternativeDate: '2026-03-19', reason: 'Transit centre full until 18 March.' };
    expect(failingPaths(type, { ...counter, receivingOfficers: undefined })).toEqual([]);
  });

  it.each([
    ['a refusal without a reason', { confirmed: false, receivingOfficers: undefined, alternativeDate: '2026-03-19' }, 'reason'],
    ['a refusal without a date', { confirmed: false, receivingOfficers: undefined, reason: 'Holiday.' }, 'alternativeDate'],
    ['an acceptance with an alternative', { alternativeDate: '2026-03-19' }, 'alternativeDate'],
    ['a proposal id that is no UUID v7', { proposal: '019cf0a2-3d4e-4f50-8a61-b2c3d4e5f607' }, 'proposal'],
    ['confirmed as a string', { confirmed: 'yes' }, 'confirmed'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('repatriation.handover.completed', () => {
  const type = 'repatriation.handover.completed';

  it('takes a countersignature: the same records with the id of the host completion', () => {
    expect(failingPaths(type, { countersigns: '019cf0b7-1a2b-7c3d-8e4f-5a6b7c8d9e0f' })).toEqual([]);
    expect(failingPaths(type, { countersigns: 'host-completion' })).toEqual(['countersigns']);
  });

  it.each([
    ['a local time', { 'records.0.handedOverAt': '2026-03-17 10:05' }, 'records.0.handedOverAt'],
    ['a missing receiving officer', { 'records.1.receivingOfficer': undefined }, 'records.1.receivingOfficer'],
    ['a signature as a name', { 'records.0.signatures.receivingOfficer': 'Somphone' }, 'records.0.signatures.receivingOfficer'],
    ['a form that is no sha256 reference', { 'records.0.signatures.form': 'form.pdf' }, 'records.0.signatures.form'],
    ['two records for one person', { 'records.1.personRef': 'P1' }, 'records'],
    ['no records', { records: [] }, 'records'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});
