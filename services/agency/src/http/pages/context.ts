import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { TFunction } from 'i18next';
import type { AuthUser, SessionVariables } from '@mou-hub/service-kit';
import { agencyLang, fromAcceptLanguage, isLang, translator, type Lang } from './i18n/index.ts';

/** The cookie remembering a browser's chosen language (not secret; a year). */
export const LANG_COOKIE = 'mou_lang';

/** Hono variables of every console page. */
export interface PageVariables extends SessionVariables {
  lang: Lang;
}

/** What a page renders with: the reader's language, its labels and formats, who reads. */
export interface PageContext {
  lang: Lang;
  t: TFunction;
  agency: string;
  /** The path and query, without `lang` (for the language switch). */
  path: string;
  user?: AuthUser;
  csrf?: string;
  /** A date and time in the reader's language and calendar (Thai: Buddhist era). */
  dateTime(iso: string | null | undefined): string;
  /** A date alone. */
  date(iso: string | null | undefined): string;
  number(n: number): string;
}

/**
 * Picks the page language: `?lang=` (then remembered in a cookie), the cookie, the browser's
 * `Accept-Language`, else the agency's own language.
 */
export function chooseLanguage(agency: string): MiddlewareHandler<{ Variables: PageVariables }> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    if (isLang(asked)) setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    c.set('lang', requestLanguage(c, agency));
    await next();
  };
}

/** The language a request asks for (see {@link chooseLanguage}), without remembering it. */
export function requestLanguage(c: Context, agency: string): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked)) return asked;
  const kept = getCookie(c, LANG_COOKIE);
  return isLang(kept) ? kept : (fromAcceptLanguage(c.req.header('accept-language')) ?? agencyLang(agency));
}

/** The page context of a request (after `chooseLanguage`, and `requireSession` when logged in). */
export function pageContext(c: Context<{ Variables: PageVariables }>, agency: string): PageContext {
  const lang = c.get('lang') ?? requestLanguage(c, agency);
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const dt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const d = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const nf = new Intl.NumberFormat(lang);
  const user = c.get('user');
  const csrf = c.get('csrf');
  return {
    lang,
    t: translator(lang),
    agency,
    path: url.pathname + url.search,
    ...(user ? { user } : {}),
    ...(csrf ? { csrf } : {}),
    dateTime: (iso) => (iso ? dt.format(new Date(iso)) : ''),
    date: (iso) => (iso ? d.format(new Date(iso)) : ''),
    number: (n) => nf.format(n),
  };
}
