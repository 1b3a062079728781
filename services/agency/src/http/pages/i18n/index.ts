import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import lo from './locales/lo.json' with { type: 'json' };
import th from './locales/th.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import zhHans from './locales/zh-Hans.json' with { type: 'json' };

/** The console's languages, as BCP 47 tags (also the values of `?lang=` and `<html lang>`). */
export const LANGS = ['lo', 'th', 'vi', 'zh-Hans', 'en'] as const;
/** One of {@link LANGS}. */
export type Lang = (typeof LANGS)[number];

/** Each language's catalog: the labels as the agencies' native speakers word them. */
export const CATALOGS: Record<Lang, object> = { lo, th, vi, 'zh-Hans': zhHans, en };

/** Each language's own name, for the language switch (always shown in that language). */
export const LANG_NAMES: Record<Lang, string> = { lo: 'ລາວ', th: 'ไทย', vi: 'Tiếng Việt', 'zh-Hans': '中文', en: 'English' };

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: CATALOGS[l] }])),
  supportedLngs: [...LANGS],
  // `zh-Hans` must stay itself, not fall back to `zh`.
  load: 'currentOnly',
  fallbackLng: 'en',
  // Hono's JSX escapes every text it renders; escaping here too would show `&amp;`.
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

/** Whether `tag` is one of the console's languages. */
export function isLang(tag: string | undefined): tag is Lang {
  return (LANGS as readonly string[]).includes(tag ?? '');
}

/**
 * The translate function of one language: labels by key, plurals by `count`, parameters by name.
 * @example translator('lo')('cases.count', { count: 3 }); // '3 ກໍລະນີ'
 */
export function translator(lang: Lang): TFunction {
  return i18n.getFixedT(lang);
}

/** An agency's own language, from its id's country prefix; the default before anyone chooses. */
export function agencyLang(agency: string): Lang {
  const byCountry: Record<string, Lang> = { la: 'lo', th: 'th', vn: 'vi', cn: 'zh-Hans' };
  return byCountry[agency.split('-')[0] ?? ''] ?? 'en';
}

/** The best of LANGS for an `Accept-Language` header, if any fits. */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) {
      if (/^zh-(hant|tw|hk|mo)/.test(tag)) continue;
      return 'zh-Hans';
    }
    const base = tag.split('-')[0];
    if (isLang(base)) return base;
  }
  return undefined;
}
