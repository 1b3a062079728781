import type { Catalogs } from '../i18n.ts';
import en from '../locales/body/en.json' with { type: 'json' };
import lo from '../locales/body/lo.json' with { type: 'json' };
import th from '../locales/body/th.json' with { type: 'json' };
import vi from '../locales/body/vi.json' with { type: 'json' };
import zhHans from '../locales/body/zh-Hans.json' with { type: 'json' };

/**
 * The words of message bodies a service merges in (`mergeCatalogs`): labels of the nested
 * fields (`bodyField.*`), of the HTCDS and protocol code lists (`choice.<list>.*`), field
 * problems with their expected formats (`field.*`) and the form's own words (`form.*`).
 */
export const BODY_CATALOGS: Catalogs = { lo, th, vi, 'zh-Hans': zhHans, en };
