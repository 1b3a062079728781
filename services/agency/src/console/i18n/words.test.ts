import { catalogEntries } from '@mou-hub/web-kit';
import { CASE_KINDS, caseActions } from '@mou-hub/workflows';
import { describe, expect, it } from 'vitest';
import { officerActions } from '../../cases/rules/sent-by-node.ts';
import { CATALOGS, LANGS } from './index.ts';

// One title per officer action (not per message type: confirm and counter-propose send the
// same type), and the terms of the project's glossary in each language.
const keys = (lang: (typeof LANGS)[number]) => new Map(catalogEntries(CATALOGS[lang]).map(([k, v]) => [k, String(v)]));

describe('the words of the console', () => {
  it.each(LANGS)('%s titles every officer action of every kind of case on its own', (lang) => {
    const words = keys(lang);
    const names = CASE_KINDS.flatMap((k) => officerActions(caseActions(k).map((a) => ({ name: a.name, type: a.type })))).map((a) => a.name);
    expect(names.filter((n) => !words.has(`action.${n}`))).toEqual([]);
    // Two actions sending one message type still read differently.
    expect(words.get('action.confirm-handover')).not.toBe(words.get('action.counter-propose-handover'));
  });

  it.each([
    ['th', /คดี|คู่กรณี/, 'a lawsuit or its parties, for a case'],
    ['zh-Hans', /立案|羁押|收容|被害人/, 'criminal procedure, for a victim or a repatriation'],
    ['lo', /ຜູ້ເຄາະຮ້າຍ|ກັກກັນ|ເກີນກຳນົດ/, 'an unlucky person, quarantine, a second word for overdue'],
    ['vi', /Hồ sơ(?! tiếp nhận)|Cách ly|máy chủ/, 'a file for a case, quarantine, a server'],
  ] as const)('%s avoids %s (%s)', (lang, wrong, _why) => {
    const found = [...keys(lang)].filter(([, v]) => wrong.test(v));
    expect(found).toEqual([]);
  });

  it.each(LANGS)('%s says no JSON and no middle-man for a sent message', (lang) => {
    const found = [...keys(lang)].filter(([k, v]) => /JSON/.test(v) || (k === 'status.published' && /ตัวกลาง|ຕົວກາງ|trung gian|消息服务器|broker/i.test(v)));
    expect(found).toEqual([]);
  });
});
