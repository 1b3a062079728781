import { BODY_CATALOGS, mergeCatalogs, SHARED_CATALOGS, translators, type Catalogs } from '@mou-hub/web-kit';
import en from './locales/en.json' with { type: 'json' };
import lo from './locales/lo.json' with { type: 'json' };
import th from './locales/th.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import zhHans from './locales/zh-Hans.json' with { type: 'json' };

// The languages and the i18n core are `@mou-hub/web-kit`'s (shared with the audit dashboard).
export { agencyLang, fromAcceptLanguage, isLang, LANG_NAMES, LANGS, type Lang } from '@mou-hub/web-kit';

/**
 * Each language's catalog: the kit's shared labels (frame, login, language names, edge errors),
 * the words of bodies (nested fields, code lists, field problems: `BODY_CATALOGS`) and the
 * console's own (`./locales/`), as the agencies' native speakers word them.
 */
export const CATALOGS: Catalogs = mergeCatalogs(SHARED_CATALOGS, BODY_CATALOGS, { lo, th, vi, 'zh-Hans': zhHans, en });

/**
 * The translate function of one language: labels by key, plurals by `count`, parameters by name.
 * @example translator('lo')('cases.count', { count: 3 }); // '3 ກໍລະນີ'
 */
export const translator = translators(CATALOGS);
