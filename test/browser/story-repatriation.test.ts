/**
 * The whole repatriation done through the pages only (issue 15): the Thai officer (th-msdhs, in
 * Thai) and the Lao officers and translators (la-mlsw, in Lao) click and type in Chromium; no
 * API call moves the case. After every step both sides show the same state. Each page is saved
 * in Lao, Thai, Vietnamese and Chinese to `.data/screenshots/story-*.png` and checked: the case
 * text drawn with our fonts, no raw code, no English word but proper names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuditService } from '@mou-hub/audit';
import { connectAs } from '@mou-hub/infra';
import { createLogger } from '@mou-hub/service-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { launch, logIn, reloadUntil } from './browser.ts';
import { fillForm, visibleText } from './fill-form.ts';
import { act as actOn, bothShow as bothSidesShow, problems, PROPER, remember, screenshots, written } from './story-kit.ts';

type Login = { username: string; password: string };
let fed: TestFederation;
let browser: Browser;
const urls: Record<string, string> = {};
const pages: Record<'thai' | 'lao' | 'tr1' | 'tr2', Page> = {} as never;
let caseId = '';
/** The case's human reference, as the opener's page shows it. */
let reference = '';

const TH = 'ผู้หญิงทั้งสองคนปลอดภัยและต้องการกลับบ้าน';
const LO = 'ຄອບຄົວພ້ອມຮັບເອົາລາວກັບຄືນບ້ານ';
const request = written(body('repatriation.request'), TH);
request.hostShelter.name = 'สถานคุ้มครองและพัฒนาอาชีพบ้านเกร็ดตระการ';
const assessment = written(body('repatriation.assessment'), LO);
const proposal = written(body('repatriation.handover.proposal'), TH);
const { proposal: _p, ...confirmation } = written(body('repatriation.handover.confirmation'), LO);
const { proposal: _c, ...completion } = written(body('repatriation.handover.completed'), TH);
const reintegration = written(body('repatriation.reintegration.update'), LO);
const closing = written(body('case.closed'), LO);
for (const b of [request, assessment, proposal, confirmation, completion, reintegration, closing]) remember(b);
// Also proper: the acronym in the system's name, the usernames in the frame, English named in itself on the language switch.
for (const w of ['MOU', 'officer', 'translator', 'auditor', 'English', 'WeChat']) PROPER.add(w);

/** One action on this story's case. */
const act = (page: Page, url: string, action: string, data: Record<string, unknown>, lang: string) => actOn(page, url, caseId, action, data, lang);

/** Both sides show `state` for the case. */
const bothShow = (state: string) => bothSidesShow([[pages.thai, urls['th-msdhs']!], [pages.lao, urls['la-mlsw']!]], caseId, state);

/** A translator's action on the job of the case's request, from the job's page. */
async function translate(page: Page, action: string, field?: { name: string; text: string }): Promise<void> {
  const url = urls['la-mlsw']!;
  await page.goto(`${url}/translations`);
  await page.goto(`${url}${await page.locator('tr[data-job] a').first().getAttribute('href')}`);
  const form = `form[data-action="${action}"]`;
  expect(await page.locator(form).count(), `${action} is offered`).toBe(1);
  if (field) await page.fill(`${form} [name="${field.name}"]`, field.text);
  const status = () => page.locator('main .badge.state').first().getAttribute('data-status');
  const before = await status();
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/${action}`));
  await page.click(`${form} button[type=submit]`);
  expect((await posted).status(), action).toBeLessThan(400);
  // htmx follows the redirect and swaps the page in: every action moves the job on, so wait
  // until the badge shows another status (the old page's badge is there until the swap).
  await expect.poll(status, { timeout: 10_000 }).not.toBe(before);
  expect(await page.locator('main .alert').count()).toBe(0);
}

beforeAll(async () => {
  [fed, browser] = await Promise.all([startTestFederation(['th-msdhs', 'la-mlsw']), launch()]);
  for (const id of ['th-msdhs', 'la-mlsw']) urls[id] = fed.nodes.get(id)!.url;
  const context = (locale: string): Promise<BrowserContext> => browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const open = async (key: keyof typeof pages, agency: string, lang: string, who: Login) => {
    pages[key] = await (await context(lang === 'th' ? 'th-TH' : 'lo-LA')).newPage();
    await logIn(pages[key], urls[agency]!, lang, who.username, who.password);
  };
  const [tr1, tr2] = fed.agency('la-mlsw').translators;
  await open('thai', 'th-msdhs', 'th', fed.agency('th-msdhs').officer);
  await open('lao', 'la-mlsw', 'lo', fed.agency('la-mlsw').officer);
  await open('tr1', 'la-mlsw', 'lo', tr1!);
  await open('tr2', 'la-mlsw', 'lo', tr2!);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe('a repatriation of two persons, one a minor, done in the pages only', () => {
  it('th-msdhs opens it in Thai with the structured form; both sides show it requested, under one reference', async () => {
    const page = pages.thai;
    const url = urls['th-msdhs']!;
    await page.goto(`${url}/cases/new?kind=repatriation`);
    await screenshots(page, 'new-case');
    await page.goto(`${url}/cases/new?kind=repatriation&lang=th`);
    const form = 'main form.stack';
    await page.selectOption('#nc-to', 'la-th|la-mlsw');
    if ((await page.locator(`${form} select[name="lang"]`).count()) > 0) await page.selectOption(`${form} select[name="lang"]`, 'th');
    await fillForm(page, form, request);
    await Promise.all([page.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 20_000 }), page.locator(`${form} button[type=submit]:not([name="_add"])`).last().click()]);
    caseId = page.url().split('/').pop()!;
    await bothShow('requested');
    reference = (await page.locator('main h1').textContent())!.match(/[A-Z]{2}-[A-Z]{2}-\d{4}-\d{4}/)?.[0] ?? '';
    expect(reference).not.toBe('');
    await pages.lao.goto(`${urls['la-mlsw']}/cases/${caseId}`);
    expect(await pages.lao.locator('main h1').textContent()).toContain(reference);
    expect(await pages.lao.locator('main .badge.minor').count()).toBeGreaterThan(0);
    await screenshots(pages.lao, 'case-requested');
    await pages.lao.goto(`${urls['la-mlsw']}/cases`);
    await screenshots(pages.lao, 'case-list');
  }, 240_000);

  it('la-mlsw translators claim, translate, return, translate again and approve', async () => {
    expect(await reloadUntil(() => pages.tr1.goto(`${urls['la-mlsw']}/translations`), () => pages.tr1.locator('tr[data-job]').count(), (n) => n > 0)).toBeGreaterThan(0);
    await screenshots(pages.tr1, 'translations');
    await translate(pages.tr1, 'claim');
    await translate(pages.tr1, 'submit', { name: 'text', text: 'ແມ່ຍິງສອງຄົນປອດໄພ ແລະ ຢາກກັບບ້ານ' });
    await translate(pages.tr2, 'return', { name: 'note', text: 'ກະລຸນາຂຽນຊື່ສູນພັກພິງໃຫ້ຄົບ' });
    await translate(pages.tr1, 'submit', { name: 'text', text: 'ແມ່ຍິງສອງຄົນປອດໄພ ແລະ ຢາກກັບບ້ານ, ຢູ່ສູນພັກພິງບ້ານເກັດຕະການ' });
    await translate(pages.tr2, 'approve');
    expect(await pages.tr2.locator('main .badge.state').first().getAttribute('data-status')).toBe('reviewed');
    await screenshots(pages.tr2, 'translation-job');
    await pages.lao.goto(`${urls['la-mlsw']}/cases/${caseId}`);
    expect(await pages.lao.locator('main .side-by-side').count()).toBeGreaterThan(0);
  }, 240_000);

  it('la-mlsw assesses; th-msdhs proposes; la-mlsw counter-proposes; th-msdhs proposes again; la-mlsw confirms', async () => {
    await act(pages.lao, urls['la-mlsw']!, 'assess', assessment, 'lo');
    await bothShow('assessed');
    await act(pages.thai, urls['th-msdhs']!, 'propose-handover', proposal, 'th');
    await bothShow('handover-proposed');
    await act(pages.lao, urls['la-mlsw']!, 'counter-propose-handover', { confirmed: false, alternativeDate: '2026-03-19', reason: LO }, 'lo');
    await bothShow('handover-counter-proposed');
    await act(pages.thai, urls['th-msdhs']!, 'propose-handover', { ...proposal, date: '2026-03-19' }, 'th');
    await bothShow('handover-proposed');
    await act(pages.lao, urls['la-mlsw']!, 'confirm-handover', confirmation, 'lo');
    await bothShow('handover-agreed');
    await screenshots(pages.thai, 'case-agreed');
  }, 240_000);

  it('th-msdhs completes, la-mlsw countersigns, reports reintegration and closes', async () => {
    await act(pages.thai, urls['th-msdhs']!, 'complete-handover', completion, 'th');
    await bothShow('handover-awaiting-countersign');
    await act(pages.lao, urls['la-mlsw']!, 'countersign-handover', {}, 'lo');
    await bothShow('handed-over');
    await act(pages.lao, urls['la-mlsw']!, 'report-reintegration', reintegration, 'lo');
    await bothShow('in-reintegration');
    await act(pages.lao, urls['la-mlsw']!, 'close', closing, 'lo');
    await bothShow('closed');
    await screenshots(pages.lao, 'case-closed');
  }, 240_000);

  it('the intakes, access log and held messages pages are saved and checked too', async () => {
    const url = urls['la-mlsw']!;
    for (const [path, name] of [['/intakes/new', 'intake-new'], ['/access-log', 'access-log'], ['/quarantine', 'held-messages']] as const) {
      await pages.lao.goto(`${url}${path}`);
      await screenshots(pages.lao, name);
    }
    await pages.thai.goto(`${urls['th-msdhs']}/cases`);
    await screenshots(pages.thai, 'case-list-thai-side');
  }, 120_000);

  it('the Secretariat audit dashboard shows the case in the same words, by its reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mou-story-audit-'));
    const auditor = { username: 'auditor', password: 'correct horse battery staple' };
    const log = createLogger('audit');
    log.level = 'warn';
    const audit = await startAuditService(
      {
        nats: { servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.audit, 'audit') },
        database: join(dir, 'audit.db'),
        rootKeys: [fed.prepared.rootPublic],
        tokenSecret: 'b'.repeat(32),
        auditors: [auditor],
      },
      log,
    );
    try {
      const page = await (await browser.newContext({ locale: 'lo-LA', viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(`${audit.url}/dashboard/login?lang=lo`);
      await page.fill('#f-username', auditor.username);
      await page.fill('#f-password', auditor.password);
      await Promise.all([page.waitForURL((u) => u.pathname === '/dashboard'), page.click('main form button[type=submit]')]);
      expect(await reloadUntil(() => page.goto(`${audit.url}/dashboard/cases?lang=lo`), () => visibleText(page), (text) => text.includes(reference))).toContain(reference);
      await screenshots(page, 'audit-cases');
      await page.goto(`${audit.url}/dashboard`);
      await screenshots(page, 'audit-dashboard');
    } finally {
      await audit.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('every page saved speaks the reader language: our fonts, no code, no English word but names', () => {
    expect(problems).toEqual([]);
  });
});
