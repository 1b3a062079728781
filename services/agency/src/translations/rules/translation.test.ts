import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { Directory, StatsSchema, TRANSLATION_STATUSES, validateBody, type DirectorySnapshot } from '@mou-hub/protocol';
import { translationNeeded } from './policy.ts';
import { translationStats, translationStatusMessage } from './status-message.ts';

const agency = (id: string, names: Record<string, string>) => ({ id, country: id.slice(0, 2).toUpperCase(), names, roles: ['focal-point'], keys: [] });
const directory = new Directory({
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [agency('la-mlsw', { lo: 'ກະຊວງ', en: 'MLSW' }), agency('th-msdhs', { th: 'กระทรวง', en: 'MSDHS' }), agency('cn-mps', { 'zh-Hans': '公安部', en: 'MPS' })],
  agreements: [
    { id: 'la-th', title: 'LA-TH', parties: ['la-mlsw', 'th-msdhs'], languages: ['lo', 'th', 'en'], send: {}, deadlines: [] },
    { id: 'la-cn', title: 'LA-CN', parties: ['la-mlsw', 'cn-mps'], languages: ['lo', 'zh-Hans'], send: {}, deadlines: [] },
  ],
} satisfies DirectorySnapshot);

describe('translationNeeded', () => {
  it.each([
    ['Thai at la-mlsw', 'la-mlsw', 'la-th', 'th', { sourceLang: 'th', targetLang: 'lo' }],
    ['Lao at th-msdhs', 'th-msdhs', 'la-th', 'lo', { sourceLang: 'lo', targetLang: 'th' }],
    ['English at la-mlsw under la-th (listed)', 'la-mlsw', 'la-th', 'en', undefined],
    ['English at la-mlsw under la-cn (not listed)', 'la-mlsw', 'la-cn', 'en', { sourceLang: 'en', targetLang: 'lo' }],
    ['Chinese at la-mlsw', 'la-mlsw', 'la-cn', 'zh-Hans', { sourceLang: 'zh-Hans', targetLang: 'lo' }],
    ['Lao at cn-mps', 'cn-mps', 'la-cn', 'lo', { sourceLang: 'lo', targetLang: 'zh-Hans' }],
    ['an unknown agreement', 'la-mlsw', 'la-xx', 'th', undefined],
    ['an unknown agency', 'vn-mps', 'la-th', 'th', undefined],
  ])('%s', (_, self, agreement, lang, need) => {
    expect(translationNeeded(directory, self, { agreement, lang })).toEqual(need);
  });
});

describe('translationStatusMessage', () => {
  const job = {
    thid: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d',
    agreement: 'la-th',
    counterpart: 'th-msdhs',
    documentKind: 'message' as const,
    documentId: '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d',
    sourceLang: 'th',
    targetLang: 'lo',
  };
  const translator = { name: 'Noy', agency: 'la-mlsw', role: 'translator' };
  const reviewer = { name: 'Kham', agency: 'la-mlsw', role: 'translator' };
  const digest = `sha256:${'a'.repeat(43)}`;
  const facts = {
    needed: {},
    claimed: { translator },
    translated: { translator, translation: digest },
    returned: { translator, reviewer, translation: digest },
    reviewed: { translator, reviewer, translation: digest },
    'machine-draft': { translation: digest },
    'not-needed': { note: 'The family reads Thai.' },
  };

  it.each(TRANSLATION_STATUSES)('%s: a valid body on the case thread, the status in stats, replying to the document', (status) => {
    const m = translationStatusMessage({ ...job, status }, facts[status]);
    expect(validateBody('translation.status', m.body)).toMatchObject({ ok: true });
    expect(m).toMatchObject({ to: 'th-msdhs', agreement: 'la-th', type: 'translation.status', thid: job.thid, replyTo: job.documentId, lang: 'lo' });
    expect(m.stats).toEqual({ [`translation-${status}`]: 1 });
  });

  it('names an attachment document without a replyTo', () => {
    const m = translationStatusMessage({ ...job, documentKind: 'attachment', documentId: 'form-1.pdf', status: 'needed' }, {});
    expect(m.body.document).toEqual({ kind: 'attachment', id: 'form-1.pdf' });
    expect(m.replyTo).toBeUndefined();
  });

  it('makes stats keys the envelope accepts', () => {
    for (const s of TRANSLATION_STATUSES) expect(v.safeParse(StatsSchema, translationStats(s)).success).toBe(true);
  });
});
