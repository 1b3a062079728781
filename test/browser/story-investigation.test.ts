/**
 * One investigation done through the pages only (issue 15): Lao police (la-mps, in Lao) ask Viet
 * Nam's Ministry of Public Security (vn-mps, in Vietnamese) to identify a recruiter; vn-mps
 * acknowledges and answers; la-mps closes. Both sides show the same state after every step;
 * the case pages are saved in four languages and checked as the repatriation's are.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { launch, logIn } from './browser.ts';
import { fillForm } from './fill-form.ts';
import { act, bothShow as bothSidesShow, problems, PROPER, remember, screenshots, written } from './story-kit.ts';

let fed: TestFederation;
let browser: Browser;
const urls: Record<string, string> = {};
let lao: Page;
let viet: Page;
let caseId = '';

const LO = 'ຂໍໃຫ້ກວດສອບເຈົ້າຂອງເບີໂທລະສັບນີ້';
const VI = 'Số điện thoại được đăng ký cho nghi phạm';
const request = written(body('investigation.request'), LO);
request.requestedBy.agency = 'la-mps';
const acknowledgement = written(body('investigation.acknowledgement'), VI);
acknowledgement.contact.agency = 'vn-mps';
const { evidence: _e, ...answer } = written({ ...body('investigation.response'), completeness: 'full' }, VI);
const closing = written({ status: 'Closed', reason: 'x x' }, LO);
for (const b of [request, acknowledgement, answer, closing]) remember(b);
for (const w of ['MOU', 'officer', 'English', 'Facebook']) PROPER.add(w);

/** Both sides show `state` for the case. */
const bothShow = (state: string) => bothSidesShow([[lao, urls['la-mps']!], [viet, urls['vn-mps']!]], caseId, state);

beforeAll(async () => {
  [fed, browser] = await Promise.all([startTestFederation(['la-mps', 'vn-mps']), launch()]);
  for (const id of ['la-mps', 'vn-mps']) urls[id] = fed.nodes.get(id)!.url;
  lao = await (await browser.newContext({ locale: 'lo-LA', viewport: { width: 1280, height: 900 } })).newPage();
  viet = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } })).newPage();
  await logIn(lao, urls['la-mps']!, 'lo', fed.agency('la-mps').officer.username, fed.agency('la-mps').officer.password);
  await logIn(viet, urls['vn-mps']!, 'vi', fed.agency('vn-mps').officer.username, fed.agency('vn-mps').officer.password);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe('an investigation between Laos and Viet Nam, in the pages only', () => {
  it('la-mps asks in Lao; vn-mps acknowledges and answers in Vietnamese; la-mps closes; both sides agree at every step', async () => {
    const url = urls['la-mps']!;
    await lao.goto(`${url}/cases/new?kind=investigation&lang=lo`);
    const form = 'main form.stack';
    await lao.selectOption('#nc-to', 'la-vn|vn-mps');
    await fillForm(lao, form, request);
    // Consent to share, as the interview form recorded it (the request itself carries none).
    await lao.selectOption('#nc-consent-by', 'self');
    await lao.fill('#nc-consent-date', '2026-02-10');
    await Promise.all([lao.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 20_000 }), lao.locator(`${form} button[type=submit]:not([name="_add"])`).last().click()]);
    caseId = lao.url().split('/').pop()!;
    await bothShow('requested');
    await act(viet, urls['vn-mps']!, caseId, 'acknowledge', acknowledgement, 'vi');
    await bothShow('acknowledged');
    await act(viet, urls['vn-mps']!, caseId, 'answer', answer, 'vi');
    await bothShow('answered');
    await screenshots(viet, 'investigation-answered');
    await act(lao, url, caseId, 'close', closing, 'lo');
    await bothShow('closed');
    await screenshots(lao, 'investigation-closed');
  }, 300_000);

  it('its pages speak the reader language: our fonts, no code, no English word but names', () => {
    expect(problems).toEqual([]);
  });
});
