import { LANGS, type Catalogs, type Lang } from './i18n.ts';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a catalog with its dotted key (`cases.count_other`). */
export function catalogEntries(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'object' && v !== null ? catalogEntries(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}

/** The keys a language must have: English's, with each plural key in that language's own plural forms. */
function required(catalogs: Catalogs, lang: Lang): string[] {
  const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const bases = new Set(catalogEntries(catalogs.en).map(([k]) => k.replace(PLURAL, PLURAL.test(k) ? '_*' : '')));
  return [...bases].flatMap((k) => (k.endsWith('_*') ? forms.map((f) => k.replace('_*', `_${f}`)) : [k]));
}

/**
 * What is wrong with a set of catalogs, as `lang: problem key` lines (empty when complete):
 * a key English has missing (in the language's own plural forms), an extra key, an empty
 * label, a label whose `{{parameters}}` differ from English's.
 * @example expect(catalogProblems(CATALOGS)).toEqual([]);
 */
export function catalogProblems(catalogs: Catalogs): string[] {
  const problems: string[] = [];
  const en = new Map(catalogEntries(catalogs.en).map(([k, text]) => [k.replace(PLURAL, ''), text]));
  const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(',');
  for (const lang of LANGS) {
    const have = new Map(catalogEntries(catalogs[lang]));
    const want = required(catalogs, lang);
    for (const k of want) if (!have.has(k)) problems.push(`${lang}: missing ${k}`);
    for (const [k, text] of have) {
      if (!want.includes(k)) problems.push(`${lang}: extra ${k}`);
      else if (text.trim() === '') problems.push(`${lang}: empty ${k}`);
      else if (params(text) !== params(en.get(k.replace(PLURAL, '')) ?? '')) problems.push(`${lang}: parameters of ${k}`);
    }
  }
  return problems;
}
