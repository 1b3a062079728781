import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageContext } from './context.ts';
import { scriptsIn } from './fonts.ts';
import { FONTS_SLOT, LANGS_SLOT, LanguageSwitch, Layout, type Frame } from './layout.tsx';

// The pages hold case data: never cached, never framed, nothing loaded from elsewhere.
const HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * Renders a page: the layout around `body`, then links the fonts of exactly the scripts the
 * rendered page uses (a Thai page loads the Thai font, a page with a Lao note also the Lao one).
 * @example return page(c, pc, t('quarantine.title'), <QuarantineTable … />, frame);
 */
export async function page(c: Context, pc: PageContext, title: string, body: Child, frame: Frame, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = String(await (<Layout pc={pc} title={title} frame={frame}>{body}</Layout>).toString());
  const fonts = scriptsIn(html)
    .map((s) => `<link rel="stylesheet" href="/assets/fonts/${s}.css">`)
    .join('');
  const langs = String(await (<LanguageSwitch pc={pc} />).toString());
  // Replacer functions, not strings: `langs` carries the request's path and query, where `$'`
  // or `$&` would otherwise splice other parts of the page in (issue 17, finding 8).
  return c.html(`<!doctype html>${html.replace(FONTS_SLOT, () => fonts).replace(LANGS_SLOT, () => langs)}`, status, HEADERS);
}

/**
 * Where a form goes after it succeeded: 303 for a plain browser (post, redirect, get); for htmx
 * (`HX-Request`) an `HX-Location`, so the address bar shows the page, not the form's action.
 */
export function afterPost(c: Context, location: string): Response {
  if (c.req.header('hx-request')) return c.body(null, 200, { 'hx-location': location });
  return c.redirect(location, 303);
}
