/**
 * One investigation done through the pages only (issue 15): the Vietnamese police (vn-mps, in
 * Vietnamese) ask the Lao police (la-mps, in Lao) to identify a recruiter; la-mps acknowledges,
 * answers in part, then in full; vn-mps closes. No API call moves the case; after every step
 * both sides show the same state. Each page is saved in Lao, Thai, Vietnamese and Chinese to
 * `.data/screenshots/story-vietnam-*.png` and checked as the Thai story's pages are. (The
 * investigation of story-investigation.test.ts runs the other way, la-mps asking, answered at once.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { launch } from './browser.ts';
import { act, bothShow, officerPage, openCase, problems, PROPER, rememberNames, screenshots, written } from './story-kit.ts';

let fed: TestFederation;
let browser: Browser;
const urls: Record<string, string> = {};
const pages: Record<'vn' | 'lao', Page> = {} as never;
let caseId = '';

const VI = 'Một phụ nữ Lào được tuyển dụng qua mạng và bị đưa sang Hà Tĩnh.';
const LO = 'ເບີໂທລະສັບນີ້ລົງທະບຽນໃນຊື່ຜູ້ຕ້ອງສົງໄສ.';
const request = { ...written(body('investigation.request'), VI), requestedBy: { name: 'Nguyen Van Minh', agency: 'vn-mps', role: 'Cục Cảnh sát hình sự' } };
const acknowledgement = written(body('investigation.acknowledgement'), LO);
const partial = written(body('investigation.response'), LO);
const full = { ...partial, completeness: 'full' };
const closing = { status: 'Closed', reason: 'Đã nhận đủ câu trả lời.' };
for (const b of [request, acknowledgement, partial, closing]) rememberNames(b);
for (const w of ['MOU', 'officer', 'English', 'Facebook']) PROPER.add(w);
const sides = () => [[pages.vn, urls['vn-mps']!], [pages.lao, urls['la-mps']!]] as const;
/** Hanoi and Vientiane: both UTC+7. */
const OFFSET = 420;

beforeAll(async () => {
  [fed, browser] = await Promise.all([startTestFederation(['vn-mps', 'la-mps']), launch()]);
  for (const id of ['vn-mps', 'la-mps']) urls[id] = fed.nodes.get(id)!.url;
  pages.vn = await officerPage(browser, urls['vn-mps']!, 'vi', 'vi-VN', fed.agency('vn-mps').officer);
  pages.lao = await officerPage(browser, urls['la-mps']!, 'lo', 'lo-LA', fed.agency('la-mps').officer);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe('an investigation between the Vietnamese and the Lao police, in the pages only', () => {
  it('vn-mps asks in Vietnamese with consent recorded; both sides show it requested under one reference', async () => {
    const page = pages.vn;
    const url = urls['vn-mps']!;
    await page.goto(`${url}/cases/new?kind=investigation`);
    await screenshots(page, 'vietnam-new-case');
    caseId = await openCase(page, url, '/cases/new?kind=investigation&lang=vi', 'la-vn|la-mps', 'vi', request, OFFSET, async () => {
      await page.selectOption('#nc-consent-by', 'self');
      await page.fill('#nc-consent-date', '2026-02-10');
    });
    await bothShow(sides(), caseId, 'requested');
    const reference = (await page.locator('main h1').textContent())!.match(/[A-Z]{2}-[A-Z]{2}-\d{4}-\d{4}/)?.[0] ?? '';
    expect(reference).not.toBe('');
    expect(await pages.lao.locator('main h1').textContent()).toContain(reference);
    expect(await page.locator('main [data-consent="recorded"]').count()).toBeGreaterThan(0);
    await screenshots(pages.lao, 'vietnam-case-requested');
  }, 120_000);

  it('la-mps acknowledges, answers in part, then in full; vn-mps closes; both sides agree after each step', async () => {
    await act(pages.lao, urls['la-mps']!, caseId, 'acknowledge', acknowledgement, 'lo', OFFSET);
    await bothShow(sides(), caseId, 'acknowledged');
    await act(pages.lao, urls['la-mps']!, caseId, 'answer-partially', partial, 'lo', OFFSET);
    await bothShow(sides(), caseId, 'partially-answered');
    await screenshots(pages.vn, 'vietnam-case-partially-answered');
    await act(pages.lao, urls['la-mps']!, caseId, 'answer', full, 'lo', OFFSET);
    await bothShow(sides(), caseId, 'answered');
    await act(pages.vn, urls['vn-mps']!, caseId, 'close', closing, 'vi', OFFSET);
    await bothShow(sides(), caseId, 'closed');
    await screenshots(pages.lao, 'vietnam-case-closed');
    await pages.vn.goto(`${urls['vn-mps']}/cases`);
    await screenshots(pages.vn, 'vietnam-case-list');
  }, 180_000);

  it('every page saved speaks the reader language: our fonts, no code, no English word but names', () => {
    expect(problems).toEqual([]);
  });
});
