import type { TFunction } from 'i18next';
import { agencyLang, type Lang } from './i18n.ts';

/** What the pages need of the signed directory to name things: agencies and agreements' parties. */
export interface DirectoryNames {
  agencies: readonly { id: string; country: string; names: Readonly<Record<string, string>> }[];
  agreements: readonly { id: string; parties: readonly string[] }[];
}

/**
 * An agency's name as the reader reads it: the directory's name in the page's language, else in
 * the agency's own language (a proper name), else its English name. Never the id, unless the
 * directory does not know the agency at all.
 *
 * @example agencyName(directory.snapshot, 'la-mlsw', 'lo'); // 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ'
 */
export function agencyName(directory: DirectoryNames, id: string, lang: Lang): string {
  const names = directory.agencies.find((a) => a.id === id)?.names;
  if (!names) return id;
  return names[lang] ?? names[agencyLang(id)] ?? names['en'] ?? id;
}

/** A country (ISO 3166 alpha-2) in the reader's language, from `Intl` (CLDR). */
export function countryName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

/**
 * An agreement named by its parties' countries in the reader's language ("ລາວ – ໄທ"), or, when
 * all parties are of one country, as that country's national channel. The directory's agreement
 * title is English only; the countries say which MOU it is in every language.
 *
 * @example agreementName(t, directory.snapshot, 'la-th', 'th'); // 'ลาว – ไทย'
 */
export function agreementName(t: TFunction, directory: DirectoryNames, id: string, lang: Lang): string {
  const parties = directory.agreements.find((a) => a.id === id)?.parties;
  if (!parties) return id;
  const countries = [...new Set(parties.map((p) => directory.agencies.find((a) => a.id === p)?.country).filter((c): c is string => !!c))];
  if (countries.length === 1) return t('agreementName.national', { country: countryName(countries[0]!, lang) });
  return countries.map((c) => countryName(c, lang)).join(' – ');
}

/**
 * A language (BCP 47 tag) named in the reader's language: the catalogs' `langName.*` for the
 * pages' languages, else `Intl`'s name.
 *
 * @example languageName(t, 'zh-Hans', 'lo'); // 'ຈີນ'
 */
export function languageName(t: TFunction, tag: string, lang: Lang): string {
  const known = t(`langName.${tag}`, { defaultValue: '' });
  return known || (new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(tag) ?? tag);
}
