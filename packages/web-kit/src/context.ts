import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { TFunction } from 'i18next';
import type { AuthUser, SessionVariables } from '@mou-hub/service-kit';
import { fromAcceptLanguage, isLang, type Lang } from './i18n.ts';

/** The cookie remembering a browser's chosen language (not secret; a year). */
export const LANG_COOKIE = 'mou_lang';

/** Hono variables of every page. */
export interface PageVariables extends SessionVariables {
  lang: Lang;
  /** The serving agency's name in the page's language, when the service knows it (the directory's). */
  agencyName?: string;
}

/** What a page renders with: the reader's language, its labels and formats, who reads. */
export interface PageContext {
  lang: Lang;
  t: TFunction;
  /** The agency whose node serves the page (the audit: the Secretariat). */
  agency: string;
  /** Its name as the reader reads it (the id only when no name is known). */
  agencyName: string;
  /** The path and query, without `lang` (for the language switch). */
  path: string;
  user?: AuthUser;
  csrf?: string;
  /** A date and time in the reader's language and calendar (Thai: Buddhist era). */
  dateTime(iso: string | null | undefined): string;
  /** A date alone. */
  date(iso: string | null | undefined): string;
  /** A number in the reader's language; `digits` fixes the fraction digits. */
  number(n: number, digits?: number): string;
}

/**
 * Picks the page language: `?lang=` (then remembered in a cookie), the cookie, the browser's
 * `Accept-Language`, else `fallback` (the agency's own language).
 */
export function chooseLanguage(fallback: Lang): MiddlewareHandler<{ Variables: PageVariables }> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    if (isLang(asked)) setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    c.set('lang', requestLanguage(c, fallback));
    await next();
  };
}

/** The language a request asks for (see {@link chooseLanguage}), without remembering it. */
export function requestLanguage(c: Context, fallback: Lang): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked)) return asked;
  const kept = getCookie(c, LANG_COOKIE);
  return isLang(kept) ? kept : (fromAcceptLanguage(c.req.header('accept-language')) ?? fallback);
}

const FORMATS = new Map<Lang, { dt: Intl.DateTimeFormat; d: Intl.DateTimeFormat; nf: Intl.NumberFormat }>();

/** A language's date, time and number formats, made once (an `Intl` format is slow to build). */
function formatsOf(lang: Lang) {
  let f = FORMATS.get(lang);
  if (!f) {
    f = { dt: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }), d: new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }), nf: new Intl.NumberFormat(lang) };
    FORMATS.set(lang, f);
  }
  return f;
}

/**
 * The page context of a request (after `chooseLanguage`, and `requireSession` when logged in).
 * @example pageContext(c, { agency: 'la-mlsw', fallback: 'lo', translator });
 */
export function pageContext(
  c: Context<{ Variables: PageVariables }>,
  opts: { agency: string; fallback: Lang; translator: (lang: Lang) => TFunction },
): PageContext {
  const lang = c.get('lang') ?? requestLanguage(c, opts.fallback);
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const { dt, d, nf } = formatsOf(lang);
  const user = c.get('user');
  const csrf = c.get('csrf');
  return {
    lang,
    t: opts.translator(lang),
    agency: opts.agency,
    agencyName: c.get('agencyName') ?? opts.agency,
    path: url.pathname + url.search,
    ...(user ? { user } : {}),
    ...(csrf ? { csrf } : {}),
    dateTime: (iso) => (iso ? dt.format(new Date(iso)) : ''),
    date: (iso) => (iso ? d.format(new Date(iso)) : ''),
    number: (n, digits) =>
      digits === undefined ? nf.format(n) : new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
  };
}
