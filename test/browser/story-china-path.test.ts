/**
 * The whole China path done through the pages only (issue 15, with issue 16's one China case):
 * the Lao embassy desk in Beijing (la-emb-beijing, in Lao) records a call for help with consent
 * at /intakes; from it asks la-mps (in Lao) to verify her nationality and the Chinese police
 * (cn-mps, in Chinese) to find her; cn-mps asks la-mlsw for her return (la-cn) with the embassy
 * as the home side's consular party: one case of three parties, which the desk links to the
 * intake; la-mlsw (in Lao) refers her to her home province and assesses, the desk issues the
 * travel document; the handover at Boten-Mohan is proposed, confirmed, completed and
 * countersigned. No API call moves a case; after every step the three parties show the same
 * state, and each case page shows the intake and the other two cases. Each page is saved in Lao, Thai, Vietnamese and Chinese to
 * `.data/screenshots/story-china-*.png` and checked (our fonts, no code, no English word).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { launch, reloadUntil } from './browser.ts';
import { fillForm } from './fill-form.ts';
import { act, bothShow, officerPage, openCase, problems, PROPER, rememberNames, screenshots, written } from './story-kit.ts';

let fed: TestFederation;
let browser: Browser;
const urls: Record<string, string> = {};
const pages: Record<'desk' | 'police' | 'verifier' | 'welfare', Page> = {} as never;
const ids = { intake: '', verification: '', search: '', repatriation: '' };
/** Beijing (the embassy and the police) and Vientiane, minutes east of UTC. */
const BEIJING = 480;
const VIENTIANE = 420;

const LO = 'ນາງໂທມາຈາກເມືອງຮັນດານ, ຕຳຫຼວດຈັບໄວ້ເພາະບໍ່ມີເອກະສານ, ຂໍກັບບ້ານ.';
const ZH = '她在汽车站被发现，没有证件，说自己被卖作妻子后逃出。';
const person = { ref: 'C1', givenName: 'Vanh', familyName: 'Inthavong', gender: 'Feminine', dateOfBirth: '2001-03-15', citizenship: ['LA'] };
const intake = { source: 'call-for-help', person: { givenName: 'Vanh', familyName: 'Inthavong', gender: 'Feminine', dateOfBirth: '2001-03-15' }, narrative: LO, consent: { given: true, by: 'self', date: '2026-01-20' } };
const verification = { ...written(body('consular.verification.request'), LO), contact: { name: 'Handan PSB, Exit-Entry Administration', phone: '+863105551234' } };
const result = { personRef: 'C1', nationalityConfirmed: true, basis: 'ພົບຊື່ໃນປຶ້ມສຳມະໂນຄົວບ້ານນາທອງ, ເມືອງໄຊ.' };
const subject = { type: 'person', role: 'victim', givenName: 'Vanh', gender: 'Feminine', citizenship: ['LA'], lastKnownLocation: { country: 'CN', province: 'Hebei', city: 'Handan' } };
const search = { ...written(body('investigation.request'), LO), kind: 'locate', subjects: [subject], requestedBy: { name: 'Khamphone Vongsa', agency: 'la-emb-beijing', role: 'ກົງສຸນ' } };
const acknowledgement = { ...written(body('investigation.acknowledgement'), ZH), assignedUnit: 'Handan PSB', contact: { name: 'Li Wei', agency: 'cn-mps' } };
const located = { completeness: 'full', findings: '她在邯郸市出入境管理支队。', results: { locatedAt: { country: 'CN', province: 'Hebei', city: 'Handan' } } };
const v = body('consular.verification.request');
const returnee = { person, victim: v.victim, home: v.home, consent: v.consent, returnConsent: v.consent };
const request = {
  ...written(body('repatriation.request'), ZH),
  persons: [returnee],
  hostShelter: { name: 'Handan Exit-Entry Administration', province: 'Hebei' },
  identifiedOn: '2026-01-20',
  consular: { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' },
};
const referral = { province: 'Oudomxay', assignee: 'Oudomxay Provincial Labour and Social Welfare Department', dueOn: '2026-02-13', note: 'ກະລຸນາຊອກຫາຄອບຄົວຢູ່ບ້ານນາທອງ.' };
const assessment = { assessedOn: '2026-02-12', persons: [{ personRef: 'C1', nationalityConfirmed: true, nationalityReason: 'ກົມຕຳຫຼວດຢືນຢັນແລ້ວ.', familyFound: true, safeToReturn: true, province: 'Oudomxay' }] };
const certificate = { personRef: 'C1', documentType: 'travel-certificate', number: 'LA-BJ-2026-0031', issuedBy: 'Embassy of the Lao PDR, Beijing', issuedOn: '2026-02-16', validUntil: '2026-05-16' };
const escorts = [{ name: 'Li Wei', agency: 'cn-mps', role: '警察' }];
const proposal = { date: '2026-03-03', time: '09:30', checkpoint: { id: 'boten-mohan' }, escorts, persons: ['C1'] };
const record = {
  personRef: 'C1',
  handedOverAt: '2026-03-03T03:00:00.000Z',
  checkpoint: { id: 'boten-mohan' },
  handingOfficer: escorts[0],
  receivingOfficer: { name: 'Khamphone Vongsa', agency: 'la-mlsw', role: 'ເຈົ້າໜ້າທີ່ສັງຄົມ' },
  signatures: { handingOfficer: true, receivingOfficer: true, person: true },
};
for (const b of [intake, verification, search, acknowledgement, request, referral, certificate, proposal, record]) rememberNames(b);
for (const w of ['MOU', 'officer', 'English', 'WeChat']) PROPER.add(w);

const desk = () => [pages.desk, urls['la-emb-beijing']!] as const;
const police = () => [pages.police, urls['cn-mps']!] as const;
const verifier = () => [pages.verifier, urls['la-mps']!] as const;
const welfare = () => [pages.welfare, urls['la-mlsw']!] as const;
/** The three parties of the repatriation. */
const parties = () => [police(), welfare(), desk()];
/** A case reference as the pages show it (`LA-CN-2026-0001`; `LA-2026-0001` under la-national). */
const REF = /[A-Z]{2}(-[A-Z]{2})?-\d{4}-\d{4}/;

/** Both sides head the case with one and the same reference. */
async function sameReference(sides: readonly (readonly [Page, string])[], id: string): Promise<void> {
  const refs: string[] = [];
  for (const [page, url] of sides) {
    await page.goto(`${url}/cases/${id}`);
    refs.push((await page.locator('main h1').textContent())!.match(REF)?.[0] ?? '');
  }
  expect(refs[0]).not.toBe('');
  expect(new Set(refs).size).toBe(1);
}

beforeAll(async () => {
  [fed, browser] = await Promise.all([startTestFederation(['la-emb-beijing', 'cn-mps', 'la-mps', 'la-mlsw']), launch()]);
  for (const id of ['la-emb-beijing', 'cn-mps', 'la-mps', 'la-mlsw']) urls[id] = fed.nodes.get(id)!.url;
  pages.desk = await officerPage(browser, urls['la-emb-beijing']!, 'lo', 'lo-LA', fed.agency('la-emb-beijing').officer);
  pages.police = await officerPage(browser, urls['cn-mps']!, 'zh-Hans', 'zh-CN', fed.agency('cn-mps').officer);
  pages.verifier = await officerPage(browser, urls['la-mps']!, 'lo', 'lo-LA', fed.agency('la-mps').officer);
  pages.welfare = await officerPage(browser, urls['la-mlsw']!, 'lo', 'lo-LA', fed.agency('la-mlsw').officer);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe('a Lao woman held in Hebei brought home, in the pages only', () => {
  it('the embassy desk records her call for help with consent at /intakes', async () => {
    const [page, url] = desk();
    await page.goto(`${url}/intakes/new`);
    await screenshots(page, 'china-intake-new');
    await page.goto(`${url}/intakes/new?lang=lo`);
    await fillForm(page, 'form[data-form="intake"]', intake, BEIJING);
    await Promise.all([page.waitForURL(/\/intakes\/[0-9a-f-]{36}$/, { timeout: 20_000 }), page.click('form[data-form="intake"] button[type=submit]')]);
    ids.intake = page.url().split('/').pop()!;
    expect(await page.locator('main [data-consent="recorded"]').count()).toBe(1);
  }, 60_000);

  it('from the intake, la-mps is asked to verify her nationality and confirms it', async () => {
    const [page, url] = desk();
    ids.verification = await openCase(page, url, `/cases/new?kind=consular-verification&intake=${ids.intake}`, 'la-national|la-mps', 'lo', verification, BEIJING);
    await bothShow([desk(), verifier()], ids.verification, 'requested');
    await sameReference([desk(), verifier()], ids.verification);
    await act(pages.verifier, urls['la-mps']!, ids.verification, 'verify-nationality', result, 'lo', VIENTIANE);
    await bothShow([desk(), verifier()], ids.verification, 'verified');
    await screenshots(pages.verifier, 'china-verification-verified');
  }, 120_000);

  it('from the intake, cn-mps is asked to find her; it acknowledges in Chinese and answers in full', async () => {
    const [page, url] = desk();
    ids.search = await openCase(page, url, `/cases/new?kind=investigation&intake=${ids.intake}`, 'la-cn|cn-mps', 'lo', search, BEIJING);
    await bothShow([desk(), police()], ids.search, 'requested');
    await act(pages.police, urls['cn-mps']!, ids.search, 'acknowledge', acknowledgement, 'zh-Hans', BEIJING);
    await bothShow([desk(), police()], ids.search, 'acknowledged');
    await act(pages.police, urls['cn-mps']!, ids.search, 'answer', located, 'zh-Hans', BEIJING);
    await bothShow([desk(), police()], ids.search, 'answered');
    await screenshots(pages.police, 'china-search-answered');
  }, 120_000);

  it('cn-mps asks la-mlsw for her return in Chinese, the embassy beside it; the desk links it to the intake, and every case page shows the intake and the other cases', async () => {
    const [page, url] = police();
    // (The repatriation form's page is saved by the Thai story; the handover pages below show the document.)
    ids.repatriation = await openCase(page, url, '/cases/new?kind=repatriation&lang=zh-Hans', 'la-cn|la-mlsw', 'zh-Hans', request, BEIJING);
    await bothShow(parties(), ids.repatriation, 'requested');
    await sameReference(parties(), ids.repatriation);
    // Each party's page names the three, and offers the embassy none of la-mlsw's steps.
    for (const [p, u] of parties()) {
      await p.goto(`${u}/cases/${ids.repatriation}`);
      expect(await p.locator('main .case-parties').count()).toBe(1);
    }
    expect(await pages.desk.locator('main form[data-action="assess"]').count()).toBe(0);
    expect(await pages.welfare.locator('main form[data-action="assess"]').count()).toBe(1);
    const [deskPage, deskUrl] = desk();
    await deskPage.goto(`${deskUrl}/intakes/${ids.intake}`);
    await deskPage.selectOption('#link-case', ids.repatriation);
    // The form posts, then the intake's page comes back (a redirect, or htmx's swap): wait for both.
    const intakePath = `/intakes/${ids.intake}`;
    const posted = deskPage.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${intakePath}/cases`);
    const back = deskPage.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === intakePath);
    await deskPage.click('form[data-form="link-case"] button[type=submit]');
    expect((await posted).status()).toBeLessThan(400);
    await back;
    await deskPage.waitForLoadState('load');
    expect(await reloadUntil(() => deskPage.goto(`${deskUrl}/intakes/${ids.intake}`), () => deskPage.locator('main li[data-case]').count(), (n) => n === 3, 10_000)).toBe(3);
    await screenshots(deskPage, 'china-intake');
    for (const id of [ids.verification, ids.search, ids.repatriation]) {
      await deskPage.goto(`${deskUrl}/cases/${id}`);
      expect(await deskPage.locator('main [data-link] a[href^="/intakes/"]').count(), id).toBe(1);
      expect(await deskPage.locator('main [data-link] a[href^="/cases/"]').count(), id).toBe(2);
    }
  }, 120_000);

  it('la-mlsw refers her to Oudomxay and assesses; the desk issues the travel document', async () => {
    const [page, url] = welfare();
    await act(page, url, ids.repatriation, 'refer-to-province', referral, 'lo', VIENTIANE);
    await bothShow(parties(), ids.repatriation, 'with-province');
    await act(page, url, ids.repatriation, 'assess', assessment, 'lo', VIENTIANE);
    await bothShow(parties(), ids.repatriation, 'assessed');
    await act(pages.desk, urls['la-emb-beijing']!, ids.repatriation, 'issue-travel-document', { documents: [certificate] }, 'lo', BEIJING);
    await bothShow(parties(), ids.repatriation, 'travel-document-issued');
  }, 120_000);

  it('the handover at Boten-Mohan: cn-mps proposes, la-mlsw confirms, cn-mps completes, la-mlsw countersigns', async () => {
    await act(pages.police, urls['cn-mps']!, ids.repatriation, 'propose-handover', proposal, 'zh-Hans', BEIJING);
    await bothShow(parties(), ids.repatriation, 'handover-proposed');
    await act(pages.welfare, urls['la-mlsw']!, ids.repatriation, 'confirm-handover', { confirmed: true }, 'lo', VIENTIANE);
    await bothShow(parties(), ids.repatriation, 'handover-agreed');
    await act(pages.police, urls['cn-mps']!, ids.repatriation, 'complete-handover', { records: [record] }, 'zh-Hans', BEIJING);
    await bothShow(parties(), ids.repatriation, 'handover-awaiting-countersign');
    await act(pages.welfare, urls['la-mlsw']!, ids.repatriation, 'countersign-handover', {}, 'lo', VIENTIANE);
    await bothShow(parties(), ids.repatriation, 'handed-over');
    await screenshots(pages.desk, 'china-repatriation-handed-over');
    await screenshots(pages.police, 'china-repatriation-handed-over-police');
    await pages.police.goto(`${urls['cn-mps']}/cases`);
    await screenshots(pages.police, 'china-case-list');
  }, 180_000);

  it('every page saved speaks the reader language: our fonts, no code, no English word but names', () => {
    expect(problems).toEqual([]);
  });
});
