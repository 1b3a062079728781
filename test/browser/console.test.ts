import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditService, type AuditService } from '@mou-hub/audit';
import { connectAs } from '@mou-hub/infra';
import { createLogger } from '@mou-hub/service-kit';
import { body } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { fillForm } from './fill-form.ts';
import { glyphWidths, launch, logIn, reloadUntil, renderedFonts, SCREENSHOTS, seriousViolations, transferredBytes } from './browser.ts';

let fed: TestFederation;
let browser: Browser;
let thai: BrowserContext;
let lao: BrowserContext;
let th: { url: string; officer: { username: string; password: string }; admin: { username: string; password: string } };
let la: typeof th;
let caseId: string;

beforeAll(async () => {
  [fed, browser] = await Promise.all([startTestFederation(['th-msdhs', 'la-mlsw']), launch()]);
  const node = (id: string) => ({ url: fed.nodes.get(id)!.url, officer: fed.agency(id).officer, admin: fed.agency(id).admin });
  th = node('th-msdhs');
  la = node('la-mlsw');
  // Each officer has a browser of their own; CSP is bypassed only so axe-core can be injected.
  const options = { bypassCSP: true, viewport: { width: 1280, height: 900 } };
  [thai, lao] = await Promise.all([browser.newContext({ ...options, locale: 'th-TH' }), browser.newContext({ ...options, locale: 'lo-LA' })]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const stateOf = (page: Page) => page.locator('main p .badge.state').first().getAttribute('data-state');

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe('the officer console in a browser, Thailand and Laos', () => {
  let thaiPage: Page;
  let laoPage: Page;

  it('a Thai officer logs in and opens a repatriation case', async () => {
    thaiPage = await thai.newPage();
    await thaiPage.goto(`${th.url}/login`);
    expect(await thaiPage.getAttribute('html', 'lang')).toBe('th');
    await shot(thaiPage, 'th-login');
    await logIn(thaiPage, th.url, 'th', th.officer.username, th.officer.password);
    await thaiPage.goto(`${th.url}/cases/new?kind=repatriation`);
    await thaiPage.selectOption('#nc-to', 'la-th|la-mlsw');
    await fillForm(thaiPage, 'main form.stack', body('repatriation.request'));
    // The form's other submit buttons add a repeated group ("add another", name=_add); send is the last.
    await Promise.all([thaiPage.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 20_000 }), thaiPage.locator('main form.stack button[type=submit]:not([name="_add"])').last().click()]);
    caseId = thaiPage.url().split('/').pop()!;
    expect(await stateOf(thaiPage)).toBe('requested');
    expect(await reloadUntil(() => thaiPage.reload(), () => thaiPage.locator('ol.timeline [data-status]').first().getAttribute('data-status'), (s) => s === 'delivered', 15_000)).toBe('delivered');
    expect(await thaiPage.textContent('main')).toContain('ร้องขอแล้ว');
    await shot(thaiPage, 'th-case');
  }, 60_000);

  it('a Lao officer logs in with the Lao interface, sees the case, and returns the assessment', async () => {
    laoPage = await lao.newPage();
    await logIn(laoPage, la.url, 'lo', la.officer.username, la.officer.password);
    expect(await laoPage.getAttribute('html', 'lang')).toBe('lo');
    await laoPage.goto(`${la.url}/cases`);
    expect(await reloadUntil(() => laoPage.reload(), () => laoPage.locator(`tr[data-case="${caseId}"]`).count(), (n) => n === 1, 15_000)).toBe(1);
    expect(await laoPage.textContent('main')).toContain('ການສົ່ງກັບຄືນ');
    await shot(laoPage, 'lo-cases');
    await Promise.all([laoPage.waitForURL(`${la.url}/cases/${caseId}`), laoPage.click(`tr[data-case="${caseId}"] a`)]);
    await laoPage.click('form[data-action="assess"] >> xpath=.. >> summary');
    await fillForm(laoPage, 'form[data-action="assess"]', body('repatriation.assessment'));
    await Promise.all([
      laoPage.waitForResponse((r) => r.url().endsWith(`/cases/${caseId}`) && r.request().method() === 'GET'),
      laoPage.locator('form[data-action="assess"] button[type=submit]:not([name="_add"])').last().click(),
    ]);
    await expect.poll(() => stateOf(laoPage)).toBe('assessed');
    expect(laoPage.url()).toBe(`${la.url}/cases/${caseId}`);
    expect(await laoPage.textContent('main')).toContain('ປະເມີນແລ້ວ');
    await shot(laoPage, 'lo-case');
  }, 60_000);

  it('the Thai page shows the new state', async () => {
    expect(await reloadUntil(() => thaiPage.reload(), () => stateOf(thaiPage), (s) => s === 'assessed', 15_000)).toBe('assessed');
    expect(await thaiPage.textContent('main')).toContain('ประเมินแล้ว');
    await shot(thaiPage, 'th-case-assessed');
  }, 30_000);

  it('a file uploaded on the case page is listed and downloads as it was', async () => {
    const content = Buffer.from('%PDF-1.4 interview record (made up)\n');
    await thaiPage.goto(`${th.url}/cases/${caseId}`);
    await thaiPage.setInputFiles('#upload-file', { name: 'interview.pdf', mimeType: 'application/pdf', buffer: content });
    await Promise.all([thaiPage.waitForURL(`${th.url}/cases/${caseId}#attachments`), thaiPage.click('#attachments ~ form button[type=submit]')]);
    const link = thaiPage.locator('li[data-attachment] a');
    expect(await link.count()).toBe(1);
    const download = await thaiPage.request.get(`${th.url}${await link.getAttribute('href')}`);
    expect([download.status(), download.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await download.body()).equals(content)).toBe(true);
  }, 30_000);

  it('a refused form keeps what was typed and says why next to the field, in Lao', async () => {
    await laoPage.goto(`${la.url}/cases/${caseId}`);
    const form = 'form[data-action="note"]';
    await laoPage.click(`${form} >> xpath=.. >> summary`);
    await laoPage.fill(`${form} [name="text"]`, ' ');
    await laoPage.evaluate((f) => (globalThis as any).document.querySelector(f)?.setAttribute('novalidate', ''), form);
    await laoPage.locator(`${form} button[type=submit]:not([name="_add"])`).last().click();
    await expect.poll(() => laoPage.locator(`${form} .field-error`).count()).toBeGreaterThan(0);
    expect(await laoPage.textContent(`${form} .alert`)).not.toBe('');
  }, 30_000);

  it('draws Lao, Thai and Chinese with the self-hosted Noto fonts, not tofu', async () => {
    const checks = [
      { page: laoPage, url: `${la.url}/cases/${caseId}?lang=lo`, family: 'Noto Sans Lao', ours: 'MOU Noto Sans Lao', sample: 'ກໍລະນີ' },
      { page: thaiPage, url: `${th.url}/cases/${caseId}?lang=th`, family: 'Noto Sans Thai', ours: 'MOU Noto Sans Thai', sample: 'กรณี' },
      { page: thaiPage, url: `${th.url}/cases/${caseId}?lang=zh-Hans`, family: 'Noto Sans SC', ours: 'MOU Noto Sans SC', sample: '案件' },
    ];
    for (const c of checks) {
      await c.page.goto(c.url);
      await c.page.evaluate(() => (globalThis as any).document.fonts.ready);
      const drawn = await renderedFonts(c.page, 'main h1');
      // A variable font names its default instance (`Noto Sans SC Thin`); drawn at the page's weight.
      expect(drawn.some((f) => f.isCustomFont && f.familyName.startsWith(c.family)), `${c.family}: ${JSON.stringify(drawn)}`).toBe(true);
      const widths = await glyphWidths(c.page, c.sample.repeat(4), c.ours);
      expect(widths.loaded, c.family).toBe(true);
      expect(Math.abs(widths.font - widths.tofu), `${c.family}: ${JSON.stringify(widths)}`).toBeGreaterThan(2);
    }
    await shot(thaiPage, 'zh-Hans-case');
  }, 30_000);

  it('saves screenshots of the main pages in Lao, Thai and Chinese', async () => {
    for (const [page, url, lang] of [
      [laoPage, la.url, 'lo'],
      [thaiPage, th.url, 'th'],
      [thaiPage, th.url, 'zh-Hans'],
    ] as const) {
      await page.goto(`${url}/cases?lang=${lang}`);
      await shot(page, `${lang}-case-list`);
      await page.goto(`${url}/cases/new?lang=${lang}`);
      await shot(page, `${lang}-new-case`);
    }
    const admin = await (await browser.newContext({ locale: 'lo-LA', bypassCSP: true })).newPage();
    await logIn(admin, la.url, 'lo', la.admin.username, la.admin.password);
    await admin.goto(`${la.url}/admin/users`);
    await shot(admin, 'lo-users');
    await noSeriousViolations(admin, 'users');
    await admin.goto(`${la.url}/quarantine`);
    await shot(admin, 'lo-quarantine');
    await admin.goto(`${la.url}/login?lang=zh-Hans`);
    await shot(admin, 'zh-Hans-login');
  }, 60_000);

  it('works without JavaScript: forms post and redirect', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'lo-LA' });
    const page = await context.newPage();
    await logIn(page, la.url, 'lo', la.officer.username, la.officer.password);
    await page.goto(`${la.url}/cases/${caseId}`);
    await page.click('form[data-action="note"] >> xpath=.. >> summary');
    await page.fill('form[data-action="note"] [name="text"]', 'ໄດ້ຮັບແລ້ວ, ກຳລັງຕິດຕາມຄອບຄົວ');
    await Promise.all([page.waitForURL(`${la.url}/cases/${caseId}`), page.click('form[data-action="note"] button[type=submit]')]);
    expect(await page.textContent('ol.timeline')).toContain('ກຳລັງຕິດຕາມຄອບຄົວ');
    await context.close();
  }, 30_000);

  it('axe-core finds no serious or critical violation on the main pages', async () => {
    for (const [page, path] of [
      [laoPage, `${la.url}/cases/${caseId}?lang=lo`],
      [laoPage, `${la.url}/cases?lang=lo`],
      [thaiPage, `${th.url}/cases/new?lang=th`],
      [thaiPage, `${th.url}/cases/${caseId}?lang=zh-Hans`],
    ] as const) {
      await page.goto(path);
      await noSeriousViolations(page, path);
    }
    const anonymous = await (await browser.newContext({ bypassCSP: true, locale: 'th-TH' })).newPage();
    await anonymous.goto(`${th.url}/login`);
    await noSeriousViolations(anonymous, 'login');
  }, 60_000);

  it('the case page weighs under 150 KB on a first visit, its fonts included', async () => {
    const { total, byUrl } = await transferredBytes(thaiPage, () => thaiPage.goto(`${th.url}/cases/${caseId}?lang=th`));
    console.log(`case page, first visit: ${total} bytes`, byUrl);
    expect(Object.keys(byUrl).some((u) => u.includes('/assets/fonts/files/noto-sans-thai'))).toBe(true);
    // Fonts only for the scripts on the page: a script's stylesheet is linked exactly when the
    // page holds text in it (agency pickers name every agency in its own script, so a Thai page
    // may hold Lao and Chinese names too); the files themselves load only for glyphs shown.
    const text = (await thaiPage.textContent('body')) ?? '';
    const linked = (css: string) => Object.keys(byUrl).some((u) => u.endsWith(`/assets/fonts/${css}`));
    expect(linked('lao.css')).toBe(/[\u0E80-\u0EFF]/.test(text));
    expect(linked('han.css')).toBe(/[\u4E00-\u9FFF]/.test(text));
    expect(total).toBeLessThan(150 * 1024);
  }, 30_000);
});

// The audit's dashboard shares the console's kit (look, languages, login): the Secretariat's
// auditor reads the cases above from the stream, in Lao.
/** The audit's log, warnings only (the run's output stays readable). */
function quiet() {
  const log = createLogger('audit');
  log.level = 'warn';
  return log;
}

describe('the audit dashboard in a browser, in Lao', () => {
  let audit: AuditService;
  const dir = mkdtempSync(join(tmpdir(), 'mou-browser-audit-'));
  const auditor = { username: 'auditor', password: 'correct horse battery staple' };

  beforeAll(async () => {
    audit = await startAuditService(
      {
        nats: { servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.audit, 'audit') },
        database: join(dir, 'audit.db'),
        rootKeys: [fed.prepared.rootPublic],
        tokenSecret: 'b'.repeat(32),
        auditors: [auditor],
        // Plain http on loopback, as the local federation.
        secureCookies: false,
      },
      quiet(),
    );
  }, 60_000);
  afterAll(async () => {
    await audit?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an auditor logs in in Lao and sees a chart and a table; axe-core finds no serious violation', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'lo-LA' });
    const page = await context.newPage();
    await page.goto(`${audit.url}/dashboard?lang=lo`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    expect(await page.getAttribute('html', 'lang')).toBe('lo');
    await page.fill('#f-username', auditor.username);
    await page.fill('#f-password', auditor.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/dashboard'), page.click('main form button[type=submit]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('lo');
    // The assessment returned above ends a step: its bar and row appear once the audit has read it.
    await expect
      .poll(async () => {
        await page.reload();
        await page.waitForLoadState('load');
        return page.evaluate(() => !!(globalThis as any).Chart?.getChart((globalThis as any).document.getElementById('turnaround')));
      }, { timeout: 20_000 })
      .toBe(true);
    expect(await page.locator('main table').first().isVisible()).toBe(true);
    expect(await page.textContent('main h1')).toBe('ການກວດສອບ');
    expect((await renderedFonts(page, 'main h1')).some((f) => f.familyName.includes('Noto Sans Lao') && f.isCustomFont)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-dashboard-lo.png'), fullPage: true });
    await noSeriousViolations(page, 'audit dashboard');
    await context.close();
  }, 60_000);
});

describe("the tests' Chromium", () => {
  it("holds only the tests' pages: no browser interface of its own (the omnibox popup, loaded for every context unless disabled)", async () => {
    const context = await browser.newContext();
    await (await context.newPage()).goto(`${la.url}/login`);
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    await session.detach();
    await context.close();
    expect(targetInfos.filter((t) => t.type === 'page').length).toBeGreaterThan(0);
    expect(targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url)).toEqual([]);
  });
});
