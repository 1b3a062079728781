/** Helpers for the console's browser tests: Debian's Chromium driven by playwright-core. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Where the run saves its screenshots (`.data/screenshots/`, never committed). */
export const SCREENSHOTS = fileURLToPath(new URL('../../.data/screenshots/', import.meta.url));

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's (`infra/bootstrap` installs it). */
export function chromiumPath(): string {
  const found = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!found) throw new Error('no Chromium: run infra/bootstrap (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}

/**
 * Flags of the tests' Chromium. No sandbox: CI runs as root in a container. One renderer per
 * site and context (`--process-per-site`, site isolation off: the tests load only the nodes'
 * own pages): with a process per navigation the China story started 57 renderers, now 8
 * (Chromium's CPU in it: 77 s before, 64 and 79 s in two runs after, on a machine shared with
 * other work: within its noise). No GPU: there is none. No omnibox popup: Chromium 156 loads
 * its address bar's suggestion popups, two WebUI pages (`chrome://omnibox-popup.top-chrome`,
 * custom elements and Mojo bindings), into a renderer of their own for every window, which a
 * headless page never shows and a test makes one of for each browser context (a Chromium trace
 * of the Vietnamese story found them; without them its Chromium 23, 21, 24 → 18, 18, 21 CPU-s).
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--process-per-site',
  '--disable-site-isolation-trials',
  '--disable-features=site-per-process,IsolateOrigins,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/** Starts a headless Chromium with {@link FLAGS}. */
export function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), args: FLAGS });
}

/** Logs in through the form of the node at `url`, in `lang`; lands on the user's first page. */
export async function logIn(page: Page, url: string, lang: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login?lang=${lang}`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('main form button[type=submit]')]);
}

/** The axe-core violations of the page that are serious or critical. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }));
  return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** What Chromium reports of a font it drew an element's text with. */
export interface DrawnFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/**
 * The fonts Chromium really drew an element's text with (DevTools protocol), e.g.
 * `[{ familyName: 'Noto Sans Lao', isCustomFont: true, glyphCount: 12 }]`.
 */
export async function renderedFonts(page: Page, selector: string): Promise<DrawnFont[]> {
  return (await renderedFontsOf(page, [selector])).get(selector) ?? [];
}

/**
 * {@link renderedFonts} of the first element each selector finds, through one DevTools session
 * (`CSS.enable` collects every style sheet of the page: once for all, not once per element). A
 * selector that finds nothing is left out of the map.
 */
export async function renderedFontsOf(page: Page, selectors: readonly string[]): Promise<Map<string, DrawnFont[]>> {
  const found = new Map<string, DrawnFont[]>();
  if (selectors.length === 0) return found;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  // The document node only: querySelector finds the element from it (the whole tree of a long
  // case page, sent over the protocol for each check, cost Chromium more than drawing it).
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  for (const selector of selectors) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (nodeId === 0) continue;
    found.set(selector, (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts);
  }
  await cdp.detach();
  return found;
}

/**
 * Widths of one text drawn in the console's font for its script, and of as many characters no
 * font has (U+0378, drawn as tofu boxes): equal widths would mean the script was drawn as tofu.
 */
export async function glyphWidths(page: Page, text: string, family: string): Promise<{ font: number; tofu: number; loaded: boolean }> {
  return page.evaluate(
    async ({ text, family }) => {
      // Runs in the page (this package is typed without the DOM).
      const document = (globalThis as any).document;
      await document.fonts.ready;
      const width = (content: string) => {
        const span = document.createElement('span');
        span.style.cssText = `font-family:"${family}", monospace;font-size:32px;position:absolute;white-space:nowrap`;
        span.textContent = content;
        document.body.append(span);
        const w = span.getBoundingClientRect().width;
        span.remove();
        return w;
      };
      return { font: width(text), tofu: width('\u0378'.repeat([...text].length)), loaded: document.fonts.check(`32px "${family}"`, text) };
    },
    { text, family },
  );
}

/** Bytes the page transferred while `load` ran, with the browser cache off (a first visit). */
export async function transferredBytes(page: Page, load: () => Promise<unknown>): Promise<{ total: number; byUrl: Record<string, number> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, string>();
  const byUrl: Record<string, number> = {};
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? e.requestId;
    byUrl[url] = (byUrl[url] ?? 0) + e.encodedDataLength;
  });
  await load();
  await page.waitForLoadState('networkidle');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.detach();
  return { total: Object.values(byUrl).reduce((a, b) => a + b, 0), byUrl };
}

/**
 * Loads a page again and again (`load`, then `read` what it shows) until `done` holds or
 * `timeoutMs` passes, and returns the last reading for the caller's `expect`. One load at a
 * time: `expect.poll` starts a last attempt when its time is up even while one is still
 * loading, and two navigations of one page interrupt each other (CI failed so once).
 */
export async function reloadUntil<T>(load: () => Promise<unknown>, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 300): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await load();
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
