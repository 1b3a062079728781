import { Hono } from 'hono';
import { CONSOLE_CSS } from './css.ts';
import { fontCss, fontFile, htmxScript, type Script } from './fonts.ts';

// Fonts and htmx change only with a new release: a browser keeps them a day.
const CACHE = 'public, max-age=86400';

/**
 * `/assets/*`: the stylesheet, htmx and the script fonts, all from this node (no CDN).
 * @example app.route('/assets', assetRoutes());
 */
export function assetRoutes() {
  const htmx = htmxScript();
  return new Hono()
    .get('/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': CACHE }))
    .get('/htmx.min.js', (c) => c.body(new Uint8Array(htmx), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': CACHE }))
    .get('/fonts/:script{(vietnamese|lao|thai|han)\\.css}', (c) => {
      const script = c.req.param('script').replace(/\.css$/, '') as Script;
      return c.body(fontCss(script), 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': CACHE });
    })
    .get('/fonts/files/:name', (c) => {
      const bytes = fontFile(c.req.param('name'));
      if (!bytes) return c.notFound();
      return c.body(new Uint8Array(bytes), 200, { 'content-type': 'font/woff2', 'cache-control': CACHE });
    });
}
