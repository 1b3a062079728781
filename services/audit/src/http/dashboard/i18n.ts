import { agencyLang, mergeCatalogs, SHARED_CATALOGS, translators, type Catalogs } from '@mou-hub/web-kit';
import { AUDIT_AGENCY } from '../auth-routes.ts';
import en from './locales/en.json' with { type: 'json' };
import lo from './locales/lo.json' with { type: 'json' };
import th from './locales/th.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import zhHans from './locales/zh-Hans.json' with { type: 'json' };

/**
 * The dashboard's catalogs: the kit's shared labels (frame, login, language names, edge errors)
 * and the dashboard's own `dashboard.*` keys (`./locales/`), in the five languages.
 */
export const CATALOGS: Catalogs = mergeCatalogs(SHARED_CATALOGS, { lo, th, vi, 'zh-Hans': zhHans, en });

/** The translate function of one language. */
export const translator = translators(CATALOGS);

/** The language before anyone chooses: the Secretariat's (Lao). */
export const DASHBOARD_LANG = agencyLang(AUDIT_AGENCY);
