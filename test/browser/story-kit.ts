/**
 * What the browser stories share: bodies written in an officer's language, one action taken on
 * a case page, and the checks of a page saved in four languages (our fonts, no code, no English).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SESSION_COOKIE } from '@mou-hub/service-kit';
import { logIn, renderedFontsOf, SCREENSHOTS } from './browser.ts';
import { fillForm, visibleText } from './fill-form.ts';

/** Fields that hold a person's or a place's own name: kept as written. */
const NAMES = new Set(['givenName', 'familyName', 'otherNames', 'name', 'province', 'district', 'village', 'phone']);
/** Fields that hold a name, a number or an account a reader keeps as written (for {@link rememberNames}). */
const KEPT = new Set([...NAMES, 'city', 'number', 'handle', 'platform', 'issuedBy', 'assignee', 'assignedUnit']);

/** An example body written by an officer in `text`'s language: free text in that language, names kept. */
export function written<T>(value: T, text: string, key = ''): T {
  if (Array.isArray(value)) return value.map((v) => written(v, text, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, written(v, text, k)])) as T;
  if (typeof value === 'string' && !NAMES.has(key) && /[A-Za-z]{2,}[ ,.]+[A-Za-z]/.test(value)) return text as T;
  return value;
}

/** Words in Latin letters that the story's own data holds (names of persons, officers, places). */
export const PROPER = new Set<string>();
export function remember(value: unknown): void {
  if (typeof value === 'string') for (const w of value.match(/[A-Za-z]{2,}/g) ?? []) PROPER.add(w);
  else if (value && typeof value === 'object') Object.values(value).forEach(remember);
}

/**
 * Like {@link remember}, but only the words of name fields (a person, an officer, a place, a
 * unit): a code the body holds (`Closed`) is not a name, so shown raw it is still found.
 */
export function rememberNames(value: unknown, key = 'name'): void {
  if (typeof value === 'string') {
    if (KEPT.has(key)) remember(value);
  } else if (Array.isArray(value)) value.forEach((v) => rememberNames(v, key));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => rememberNames(v, k));
}

/** The state badge of the case page (the workflow's state code in `data-state`). */
export const stateOf = (page: Page) => page.locator('main .badge.state').first().getAttribute('data-state');

/** A new page in its own browser context (`locale`, 1280 px wide) logged in at `url` in `lang`. */
export async function officerPage(browser: Browser, url: string, lang: string, locale: string, who: { username: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })).newPage();
  await logIn(page, url, lang, who.username, who.password);
  return page;
}

/**
 * Opens a case from the new-case page at `path` (`/cases/new?kind=…`, with `&intake=` when it
 * comes from one): the counterpart (`agreement|agency`), the language, the body typed in (and
 * `before`, e.g. consent, filled last); returns the new case's id.
 */
export async function openCase(page: Page, url: string, path: string, to: string, lang: string, data: Record<string, unknown>, offsetMinutes = 420, before?: () => Promise<void>): Promise<string> {
  await page.goto(`${url}${path}`);
  const form = 'main form.stack';
  await page.selectOption('#nc-to', to);
  await page.selectOption(`${form} select[name="lang"]`, lang);
  await fillForm(page, form, data, offsetMinutes);
  await before?.();
  await Promise.all([page.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 20_000 }), page.locator(`${form} button[type=submit]:not([name="_add"])`).last().click()]);
  return page.url().split('/').pop()!;
}

/**
 * The case's state as the node serves it to the page's officer: `GET /api/v1/cases/:id` with the
 * page's own session (its cookie holds the token the API takes as a bearer). The case page
 * renders this same view; asking for the page itself rendered a whole case page (and its
 * translations) on every poll.
 */
async function servedState(page: Page, url: string, caseId: string): Promise<string | undefined> {
  const session = (await page.context().cookies(url)).find((c) => c.name === SESSION_COOKIE);
  const res = await page.request.get(`${url}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${session?.value ?? ''}` } });
  return res.ok() ? ((await res.json()) as { state?: string }).state : undefined;
}

/**
 * Every side (a page logged in at a node's url) shows `state` for the case: the node is asked
 * until it holds that state, then the page is opened and its state badge read. Waiting by
 * drawing the page again and again (a case page is often 4,000 px tall, in Lao, Thai and Chinese
 * fonts) was most of Chromium's work in the stories; the officer's page is still the one checked.
 */
export async function bothShow(sides: readonly (readonly [Page, string])[], caseId: string, state: string): Promise<void> {
  for (const [page, url] of sides) {
    await expect.poll(() => servedState(page, url, caseId), { timeout: 20_000, interval: 300 }).toBe(state);
    await page.goto(`${url}/cases/${caseId}`);
    expect(await stateOf(page)).toBe(state);
  }
}

/**
 * Opens the action's form on the case page, fills it (times typed on a clock `offsetMinutes`
 * east of UTC: 420 Vientiane, 480 Beijing), sends it, and waits for the page back.
 */
export async function act(page: Page, url: string, caseId: string, action: string, data: Record<string, unknown>, lang: string, offsetMinutes = 420): Promise<void> {
  await page.goto(`${url}/cases/${caseId}`);
  const form = `form[data-action="${action}"]`;
  expect(await page.locator(form).count(), `${action} is offered`).toBe(1);
  await page.locator(`${form} >> xpath=ancestor::details[1]`).evaluate((d) => ((d as unknown as { open: boolean }).open = true));
  await fillForm(page, form, data, offsetMinutes);
  const langSelect = page.locator(`${form} select[name="lang"]`);
  if ((await langSelect.count()) > 0) await langSelect.selectOption(lang);
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/actions/${action}`));
  await page.locator(`${form} button[type=submit]:not([name="_add"])`).last().click();
  await posted;
  await page.waitForLoadState('load');
  const alert = page.locator(`${form} .alert`);
  expect(await alert.count(), `${action}: ${(await alert.count()) ? await alert.first().textContent() : ''}`).toBe(0);
}

const LANGS = ['lo', 'th', 'vi', 'zh-Hans'] as const;
/** Raw codes that must never reach a page: ids of agencies and agreements, languages, cases, steps and states. */
const word = (core: string) => new RegExp(`(?<![\\p{L}\\p{N}_.-])(${core})(?![\\p{L}\\p{N}_-])`, 'gu');
const CODES = [
  word('(la|th|vn|cn)-[a-z]+(-[a-z]+)*'),
  word('lo|th|vi|en|zh-Hans'),
  // A case id's 12 hex digits (with a letter: a phone number's digits are no code).
  word('(?=[0-9]*[a-f])[0-9a-f]{12}'),
  word('[a-z]+-[a-z]+(-[a-z]+)*'),
  word('[a-z]+\\.[a-z]+(\\.[a-z]+)*'),
];

/** What the screenshots' checks found, asserted at the end (the story goes on meanwhile). */
export const problems: string[] = [];

/**
 * Whole pages saved in every language (`MOU_SCREENSHOTS=full`); by default the whole page in the
 * language its officer reads it in and the first screen in the others. A whole-page capture of a
 * case page (often 4,000 px tall) costs Chromium about ten times the first screen's, and the
 * stories take some 25 pages in four languages: that was most of their browser's work.
 */
const ALL_FULL = process.env['MOU_SCREENSHOTS'] === 'full';

/** Where a page shows text in a script of its own: the heading, and case text marked with its language. */
const SCRIPT_SAMPLES = ['main h1', 'main [lang="th"]', 'main [lang="lo"]', 'main [lang="zh-Hans"]', 'main [lang="vi"]'];

/**
 * Saves the page in each language and checks it in each: our fonts for case text, no code, no
 * English word but names (the checks read the whole page whatever the screenshot holds).
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  const at = new URL(page.url());
  const reads = await page.evaluate(() => (globalThis as any).document.documentElement.lang as string);
  for (const lang of LANGS) {
    at.searchParams.set('lang', lang);
    await page.goto(at.toString());
    await page.evaluate(() => (globalThis as any).document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOTS, `story-${name}-${lang}.png`), fullPage: ALL_FULL || lang === reads });
    const text = await visibleText(page);
    for (const code of CODES) {
      // `vi` is also a Vietnamese word (phạm vi): not a code on a Vietnamese page.
      const found = [...text.matchAll(code)].filter((m) => !(lang === 'vi' && m[1] === 'vi'));
      if (found.length === 0) continue;
      // Each code with the words around it, to find it on the page.
      const where = found.map((m) => `${m[1]} (…${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10).replace(/\s+/g, ' ')}…)`);
      problems.push(`${name} in ${lang}: codes ${[...new Set(where)].join(', ')}`);
    }
    const english = [...new Set((text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !PROPER.has(w)))];
    if (lang !== 'vi' && english.length > 0) problems.push(`${name} in ${lang}: English words ${english.join(' ')}`);
    // Every element showing case text in a script of its own is drawn with our Noto fonts.
    // The first element of each selector, its text read in one call (not two round trips each).
    const samples = await page.evaluate(
      (selectors) => selectors.map((selector) => [selector, (globalThis as any).document.querySelector(selector)?.textContent ?? null] as const),
      SCRIPT_SAMPLES,
    );
    const drawn = samples.filter(([, sample]) => sample !== null && /[^\u0000-\u024f\s\d.,:;()·→←+\-–]/.test(sample)).map(([selector]) => selector);
    for (const [selector, fonts] of await renderedFontsOf(page, drawn)) {
      const foreign = fonts.filter((f) => !f.isCustomFont && f.glyphCount > 0 && !/^(DejaVu|Liberation|Noto Sans$|Noto Sans Mono)/.test(f.familyName));
      if (foreign.length > 0) problems.push(`${name} in ${lang}: ${selector} drawn with ${JSON.stringify(foreign)}`);
    }
  }
}

