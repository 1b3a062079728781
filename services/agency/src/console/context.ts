import type { Context, MiddlewareHandler } from 'hono';
import * as kit from '@mou-hub/web-kit';
import { agencyLang, translator, type Lang } from './i18n/index.ts';

// Language choice and the page context are `@mou-hub/web-kit`'s (shared with the audit
// dashboard); here they are bound to the node's agency and the console's catalogs.
export { LANG_COOKIE, type PageContext, type PageVariables } from '@mou-hub/web-kit';

/**
 * Picks the page language: `?lang=` (then remembered in a cookie), the cookie, the browser's
 * `Accept-Language`, else the agency's own language.
 */
export function chooseLanguage(agency: string): MiddlewareHandler<{ Variables: kit.PageVariables }> {
  return kit.chooseLanguage(agencyLang(agency));
}

/** The language a request asks for (see {@link chooseLanguage}), without remembering it. */
export function requestLanguage(c: Context, agency: string): Lang {
  return kit.requestLanguage(c, agencyLang(agency));
}

/** The page context of a request (after `chooseLanguage`, and `requireSession` when logged in). */
export function pageContext(c: Context<{ Variables: kit.PageVariables }>, agency: string): kit.PageContext {
  return kit.pageContext(c, { agency, fallback: agencyLang(agency), translator });
}
