import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import lo from './locales/lo.json' with { type: 'json' };
import th from './locales/th.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import zhHans from './locales/zh-Hans.json' with { type: 'json' };

/** The pages' languages, as BCP 47 tags (also the values of `?lang=` and `<html lang>`). */
export const LANGS = ['lo', 'th', 'vi', 'zh-Hans', 'en'] as const;
/** One of {@link LANGS}. */
export type Lang = (typeof LANGS)[number];
/** One message catalog per language. */
export type Catalogs = Record<Lang, object>;

/**
 * The labels every service's pages share (frame, login, language names, the edge's error
 * codes); a service adds its own keys with {@link mergeCatalogs}.
 */
export const SHARED_CATALOGS: Catalogs = { lo, th, vi, 'zh-Hans': zhHans, en };

/** Each language's own name, for the language switch (always shown in that language). */
export const LANG_NAMES: Record<Lang, string> = { lo: 'ລາວ', th: 'ไทย', vi: 'Tiếng Việt', 'zh-Hans': '中文', en: 'English' };

/** Whether `tag` is one of the pages' languages. */
export function isLang(tag: string | undefined): tag is Lang {
  return (LANGS as readonly string[]).includes(tag ?? '');
}

/**
 * The shared catalogs with a service's own, language by language. A key both define is an
 * error (one label in one place), thrown at start.
 * @example const CATALOGS = mergeCatalogs(SHARED_CATALOGS, { lo, th, vi, 'zh-Hans': zhHans, en });
 */
export function mergeCatalogs(...all: Catalogs[]): Catalogs {
  const merge = (into: Record<string, unknown>, from: object, path: string): void => {
    for (const [k, v] of Object.entries(from)) {
      const had = into[k];
      if (typeof v === 'object' && v !== null && (had === undefined || (typeof had === 'object' && had !== null))) {
        merge((into[k] ??= {}) as Record<string, unknown>, v, `${path}${k}.`);
      } else if (had !== undefined) {
        throw new Error(`catalog key ${path}${k} is defined twice`);
      } else into[k] = v;
    }
  };
  return Object.fromEntries(
    LANGS.map((l) => {
      const out: Record<string, unknown> = {};
      for (const c of all) merge(out, c[l], '');
      return [l, out];
    }),
  ) as Catalogs;
}

/**
 * The translate functions of a set of catalogs: labels by key, plurals by `count`, parameters by name.
 * @example const translator = translators(CATALOGS); translator('lo')('cases.count', { count: 3 });
 */
export function translators(catalogs: Catalogs): (lang: Lang) => TFunction {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: Object.fromEntries(LANGS.map((l) => [l, { translation: catalogs[l] }])),
    supportedLngs: [...LANGS],
    // `zh-Hans` must stay itself, not fall back to `zh`.
    load: 'currentOnly',
    fallbackLng: 'en',
    // Hono's JSX escapes every text it renders; escaping here too would show `&amp;`.
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  const fixed = new Map<Lang, TFunction>();
  return (lang) => {
    let t = fixed.get(lang);
    if (!t) fixed.set(lang, (t = rememberingPlainKeys(i18n.getFixedT(lang))));
    return t;
  };
}

/** Plain keys a language's translate function keeps the answer of (the catalogs hold some 800 labels). */
export const REMEMBERED_KEYS = 10_000;

/**
 * `t` that keeps what it answered for a key asked alone (`t('cases.title')`), up to
 * {@link REMEMBERED_KEYS} keys: the catalogs never change while a service runs, and i18next
 * resolves every call anew (a console page asks hundreds; i18next was the largest library in a
 * profile of the pages' server side). A call with options (a count, parameters, a default) is
 * resolved each time.
 */
export function rememberingPlainKeys(t: TFunction): TFunction {
  const known = new Map<string, unknown>();
  const resolve = t as unknown as (...args: unknown[]) => unknown;
  const remembering = (...args: unknown[]): unknown => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string') return resolve(...args);
    if (known.has(key)) return known.get(key);
    const value = resolve(key);
    if (known.size < REMEMBERED_KEYS) known.set(key, value);
    return value;
  };
  return remembering as unknown as TFunction;
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
