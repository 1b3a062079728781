import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '@mou-hub/service-kit';
import { pagesFor } from './access.ts';
import type { PageContext } from './context.ts';
import { LANG_NAMES, LANGS } from './i18n/index.ts';

/** Marks where the fonts of the scripts the page uses are linked, once the page is rendered. */
export const FONTS_SLOT = '<!--fonts-->';
/** Marks where the language switch goes: its names in every script must not pull in every font. */
export const LANGS_SLOT = '<!--langs-->';

// htmx: no inline styles (the CSP allows none), and refused forms (4xx) are shown like any page.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, responseHandling: [{ code: '204', swap: false }, { code: '...', swap: true }] });

/** The hidden CSRF field every form of a logged-in page carries. */
export function Csrf({ pc }: { pc: PageContext }) {
  return pc.csrf ? <input type="hidden" name={CSRF_FIELD} value={pc.csrf} /> : null;
}

/** The frame of every console page: language, navigation by role, logout, main content. */
export function Layout({ pc, title, children }: { pc: PageContext; title: string; children?: Child }) {
  const { t } = pc;
  return (
    <html lang={pc.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body hx-boost="true">
        {raw(FONTS_SLOT)}
        <a class="skip" href="#main">
          {t('app.skip')}
        </a>
        <header>
          <span class="brand">{t('app.name')}</span>
          <span class="agency">{t('app.agency', { agency: pc.agency })}</span>
          {pc.user ? (
            <nav aria-label={t('app.name')}>
              {pagesFor(pc.user.roles).map((p) => (
                <a href={p.href} aria-current={pc.path.split('?')[0] === p.href ? 'page' : undefined}>
                  {t(p.label)}
                </a>
              ))}
            </nav>
          ) : null}
          {pc.user ? (
            <form method="post" action="/logout" class="logout">
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
 * switch needs no font the page has not loaded), then in itself where that is in Latin script.
 */
export function LanguageSwitch({ pc }: { pc: PageContext }) {
  const sep = pc.path.includes('?') ? '&' : '?';
  return (
    <nav class="langs" aria-label={pc.t('app.language')}>
      {LANGS.map((l) => {
        const own = l === pc.lang || l === 'vi' || l === 'en';
        return (
          <a href={`${pc.path}${sep}lang=${l}`} lang={own ? l : undefined} hreflang={l} hx-boost="false" aria-current={l === pc.lang ? 'true' : undefined}>
            {`${own ? LANG_NAMES[l] : pc.t(`langName.${l}`)} (${l})`}
          </a>
        );
      })}
    </nav>
  );
}
