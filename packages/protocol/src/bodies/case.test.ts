import { describe, expect, it } from 'vitest';
import { failingPaths } from './test-support.ts';

describe('case.note', () => {
  const type = 'case.note';

  it('takes 1 to 10,000 characters of any kind', () => {
    expect(failingPaths(type, { text: 'x'.repeat(10_000) })).toEqual([]);
    expect(failingPaths(type, { text: ' ' })).toEqual([]);
  });

  it.each([
    ['empty text', { text: '' }, 'text'],
    ['text over 10,000 characters', { text: 'x'.repeat(10_001) }, 'text'],
    ['a number', { text: 42 }, 'text'],
    ['no text', { text: undefined }, 'text'],
    ['another key', { lang: 'lo' }, 'lang'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('case.closed', () => {
  const type = 'case.closed';

  it('takes a plain closure without a referral', () => {
    expect(failingPaths(type, { status: 'Closed', referredTo: undefined })).toEqual([]);
  });

  it.each([
    ['a referral without where to', { referredTo: undefined }, 'referredTo'],
    ['a plain closure with a referral', { status: 'Closed' }, 'referredTo'],
    ['an open status', { status: 'Active' }, 'status'],
    ['no reason', { reason: undefined }, 'reason'],
    ['a referral to a malformed agency id', { 'referredTo.agency': 'LA MLSW' }, 'referredTo.agency'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});

describe('translation.status', () => {
  const type = 'translation.status';

  it('takes a bare job for a message body', () => {
    const needed = { document: { kind: 'message', id: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d' }, status: 'needed' };
    expect(failingPaths(type, { ...needed, translator: undefined, translation: undefined })).toEqual([]);
  });

  it.each([
    ['a machine draft with no translator', { status: 'machine-draft', translator: undefined }],
    ['a job not needed, with its reason', { status: 'not-needed', translator: undefined, translation: undefined, note: 'Already in Lao.' }],
    ['a return with its reviewer', { status: 'returned', reviewer: { name: 'Khamla', agency: 'la-mlsw' } }],
    ['a translation sent with the claim before it', { earlier: [{ status: 'claimed', at: '2026-03-02T08:00:00.000Z' }] }],
  ])('takes %s', (_, changes) => {
    expect(failingPaths(type, changes)).toEqual([]);
  });

  it.each([
    ['the same language twice', { targetLang: 'th' }, 'targetLang'],
    ['a language that is no BCP 47 tag', { targetLang: 'Lao' }, 'targetLang'],
    ['a translation without a translator', { translator: undefined }, 'translator'],
    ['a translation without the translated document', { translation: undefined }, 'translation'],
    ['a review without a reviewer', { status: 'reviewed' }, 'reviewer'],
    ['a return without a reviewer', { status: 'returned' }, 'reviewer'],
    ['a machine draft without the draft', { status: 'machine-draft', translation: undefined }, 'translation'],
    ['not-needed without a reason', { status: 'not-needed' }, 'note'],
    ['a message document with an attachment id', { 'document.kind': 'message' }, 'document.id'],
    ['the old status requested', { status: 'requested' }, 'status'],
    ['the old status rejected', { status: 'rejected' }, 'status'],
    ['an earlier status that is no status', { earlier: [{ status: 'started', at: '2026-03-02T08:00:00.000Z' }] }, 'earlier.0.status'],
    ['an earlier status without a real time', { earlier: [{ status: 'claimed', at: 'yesterday' }] }, 'earlier.0.at'],
  ])('rejects %s', (_, changes, path) => {
    expect(failingPaths(type, changes)).toEqual([path]);
  });
});
