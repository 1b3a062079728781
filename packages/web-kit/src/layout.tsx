import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '@mou-hub/service-kit';
import type { PageContext } from './context.ts';
import { LANG_NAMES, LANGS } from './i18n.ts';

/** Marks where the fonts of the scripts the page uses are linked, once the page is rendered. */
export const FONTS_SLOT = '<!--fonts-->';
/** Marks where the language switch goes: its names in every script must not pull in every font. */
export const LANGS_SLOT = '<!--langs-->';

// htmx: no inline styles (the CSP allows none), and refused forms (4xx) are shown like any page.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, responseHandling: [{ code: '204', swap: false }, { code: '...', swap: true }] });

/** What differs between the services' frames: their name, navigation, logout and scripts. */
export interface Frame {
  /** The service's name in the header and the title (already translated). */
  brand: string;
  /** A line beside the name, e.g. which agency. */
  subtitle?: string;
  /** The links of the navigation (labels translated), for a logged-in reader. */
  nav: { href: string; label: string }[];
  /** Where the logout form posts. */
  logoutAction: string;
  /** Whether htmx swaps pages in place (`hx-boost`); off, the page loads no htmx. */
  boost?: boolean;
  /** More scripts of this service, deferred (served by it). */
  scripts?: string[];
}

/** The hidden CSRF field every form of a logged-in page carries. */
export function Csrf({ pc }: { pc: PageContext }) {
  return pc.csrf ? <input type="hidden" name={CSRF_FIELD} value={pc.csrf} /> : null;
}

/** The frame of every page: language, navigation, logout, main content. */
export function Layout({ pc, title, frame, children }: { pc: PageContext; title: string; frame: Frame; children?: Child }) {
  const { t } = pc;
  const boost = frame.boost ?? true;
  const scripts = [...(boost ? ['/assets/htmx.min.js'] : []), ...(frame.scripts ?? [])];
  return (
    <html lang={pc.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {boost ? <meta name="htmx-config" content={HTMX_CONFIG} /> : null}
        <title>{`${title} · ${frame.brand}`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        {scripts.map((s) => (
          <script src={s} defer></script>
        ))}
      </head>
      <body hx-boost={boost ? 'true' : undefined}>
        {raw(FONTS_SLOT)}
        <a class="skip" href="#main">
          {t('app.skip')}
        </a>
        <header>
          <span class="brand">{frame.brand}</span>
          {frame.subtitle ? <span class="agency">{frame.subtitle}</span> : null}
          {pc.user ? (
            <nav aria-label={frame.brand}>
              {frame.nav.map((p) => (
                <a href={p.href} aria-current={pc.path.split('?')[0] === p.href ? 'page' : undefined}>
                  {p.label}
                </a>
              ))}
            </nav>
          ) : null}
          {pc.user ? (
            <form method="post" action={frame.logoutAction} class="logout">
              <span>{t('app.signedInAs', { user: pc.user.sub })}</span>
              <Csrf pc={pc} />
              <button type="submit">{t('nav.logout')}</button>
            </form>
          ) : null}
        </header>
        {raw(LANGS_SLOT)}
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/**
 * The language switch, as plain links: each language named in the page's language (so the
 * switch needs no font the page has not loaded), or in itself where that is in Latin script.
 * No language code is shown: `hreflang` says it to the browser and to screen readers.
 */
export function LanguageSwitch({ pc }: { pc: PageContext }) {
  const sep = pc.path.includes('?') ? '&' : '?';
  return (
    <nav class="langs" aria-label={pc.t('app.language')}>
      {LANGS.map((l) => {
        const own = l === pc.lang || l === 'vi' || l === 'en';
        return (
          <a href={`${pc.path}${sep}lang=${l}`} lang={own ? l : undefined} hreflang={l} hx-boost="false" aria-current={l === pc.lang ? 'true' : undefined}>
            {own ? LANG_NAMES[l] : pc.t(`langName.${l}`)}
          </a>
        );
      })}
    </nav>
  );
}
