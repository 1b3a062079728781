import { bodySchemas, BUSINESS_TYPES, CONSENT_GIVERS, PROBLEM_CODES, TRANSLATION_STATUSES } from '@mou-hub/protocol';
import { EDGE_CODES, ROLES } from '@mou-hub/service-kit';
import { CASE_KINDS, CONSULAR_STATES, INVESTIGATION_STATES, REFUSAL_CODES, REPATRIATION_STATES } from '@mou-hub/workflows';
import { describe, expect, it } from 'vitest';
import type { NodeRefusalCode } from '../../cases/rules/case-step.ts';
import { codeKey, describeBody, type FormNode } from '@mou-hub/web-kit';
import { sentByNode } from '../../cases/rules/sent-by-node.ts';
import { CATALOGS, LANGS, agencyLang, fromAcceptLanguage, translator, type Lang } from './index.ts';

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** The node's own refusal codes beside the workflows' (`NodeRefusalCode`, and `action-mismatch`). */
const NODE_REFUSALS = ['not-a-party', 'unknown-thread', 'transport-rule', 'action-mismatch'] as const satisfies readonly (NodeRefusalCode | 'action-mismatch')[];

/** Every leaf of a catalog with its dotted key (`cases.count_other`). */
function entries(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'object' && v !== null ? entries(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}
const leaves = (tree: object): string[] => entries(tree).map(([k]) => k);

/** The catalog keys a described form needs: each field's label and each code's. */
function formWords(nodes: readonly FormNode[]): string[] {
  return nodes.flatMap((n): string[] => {
    const own = n.key === '' ? [] : [`bodyField.${n.key}`];
    if (n.kind === 'choice' || n.kind === 'choices') return [...own, ...n.options.map((o) => codeKey(n.list, o))];
    if (n.kind === 'group') return [...own, ...formWords(n.fields)];
    if (n.kind === 'list') return [...own, ...formWords([n.item])];
    if (n.kind === 'variant') return [...own, `bodyField.${n.discriminator}`, ...n.options.flatMap((o) => [codeKey(n.list, o.value), ...formWords(o.fields)])];
    return own;
  });
}

/** The keys a language must have: English's, with each plural key in that language's own plural forms. */
function required(lang: Lang): string[] {
  const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const bases = new Set(leaves(CATALOGS.en).map((k) => k.replace(PLURAL, PLURAL.test(k) ? '_*' : '')));
  return [...bases].flatMap((k) => (k.endsWith('_*') ? forms.map((f) => k.replace('_*', `_${f}`)) : [k])).sort();
}

describe('message catalogs', () => {
  it.each(LANGS)('%s has every key English has, in its own plural forms, and nothing else', (lang) => {
    expect(leaves(CATALOGS[lang]).sort()).toEqual(required(lang));
  });

  it.each(LANGS)('%s: no empty label, and the same {{parameters}} as English', (lang) => {
    const en = new Map(entries(CATALOGS.en).map(([k, text]) => [k.replace(PLURAL, ''), text]));
    const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of entries(CATALOGS[lang])) {
      expect(text.trim(), key).not.toBe('');
      expect(params(text), key).toEqual(params(en.get(key.replace(PLURAL, '')) ?? ''));
    }
    // Keys with dots inside (`type.case.note`) resolve too.
    expect(translator(lang)('type.case.note')).not.toBe('type.case.note');
  });

  it('names every state, kind, message type, role, refusal, problem, edge code, translation status, language, body field and choice', () => {
    const states = [...REPATRIATION_STATES, ...INVESTIGATION_STATES, ...CONSULAR_STATES];

    const wanted = [
      ...states.map((s) => `state.${s}`),
      ...CASE_KINDS.map((k) => `kind.${k}`),
      ...BUSINESS_TYPES.map((t) => `type.${t}`),
      ...ROLES.map((r) => `role.${r}`),
      ...REFUSAL_CODES.map((r) => `refusal.${r}`),
      ...PROBLEM_CODES.map((p) => `problem.${p}`),
      ...EDGE_CODES.map((c) => `error.${c}`),
      ...TRANSLATION_STATUSES.map((s) => `translationStatus.${s}`),
      ...NODE_REFUSALS.map((r) => `refusal.${r}`),
      ...LANGS.map((l) => `langName.${l}`),
      // Every field a body form shows, at any depth, and every code a choice in it offers (the
      // bodies officers write and read; receipts, problems and translation status are the node's).
      ...Object.entries(bodySchemas).flatMap(([type, schema]) => (sentByNode(type) ? [] : formWords(describeBody(schema)))),
      ...CONSENT_GIVERS.map((g) => `choice.by.${g}`),
    ];
    const keys = new Set(leaves(CATALOGS.en));
    expect(wanted.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('plurals follow each language: English has one and other, Lao one form', () => {
    expect(translator('en')('cases.count', { count: 1 })).toBe('1 case');
    expect(translator('en')('cases.count', { count: 5 })).toBe('5 cases');
    expect(translator('lo')('cases.count', { count: 1 })).toBe('1 ກໍລະນີ');
    expect(translator('zh-Hans')('case.messages', { count: 3 })).toBe('3 条消息');
  });

  it.each([
    ['la-mlsw', 'lo'],
    ['th-msdhs', 'th'],
    ['vn-mps', 'vi'],
    ['cn-mps', 'zh-Hans'],
    ['xx-other', 'en'],
  ])('%s speaks %s by default', (agency, lang) => {
    expect(agencyLang(agency)).toBe(lang);
  });

  it.each([
    ['th-TH,th;q=0.9,en;q=0.5', 'th'],
    ['zh-TW,zh-CN;q=0.8', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['fr,de', undefined],
    [undefined, undefined],
  ])('Accept-Language %s → %s', (header, lang) => {
    expect(fromAcceptLanguage(header)).toBe(lang);
  });
});
