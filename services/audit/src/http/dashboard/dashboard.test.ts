import { migrate, openDatabase } from '@mou-hub/db';
import { createTokenIssuer, CSRF_FIELD, hashPassword, jsonErrors, MemorySessionVersions } from '@mou-hub/service-kit';
import { assetRoutes as pageAssets, type DirectoryNames } from '@mou-hub/web-kit';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../store/migrations.ts';
import type { AuditDb } from '../../store/schema.ts';
import { assetRoutes } from './assets.ts';
import { auditLogin } from '../auth-routes.ts';
import { dashboardErrorPage, dashboardPages } from './pages.tsx';

// The dashboard on a real (in-memory) SQLite, as a browser without JavaScript reads it.
const database = openDatabase<AuditDb>(':memory:');
let app: Hono;
const form = (fields: Record<string, string>, cookie = '') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  await migrate(database.db, migrations);
  const versions = new MemorySessionVersions(['auditor']);
  const tokens = createTokenIssuer({ secret: new TextEncoder().encode('d'.repeat(32)), issuer: 'mou-audit', ttlSeconds: 600, sessions: versions });
  app = new Hono();
  jsonErrors(app, undefined, { page: dashboardErrorPage });
  app.route('/assets', pageAssets());
  app.route('/assets', assetRoutes());
  const auditors = [{ username: 'auditor', passwordHash: await hashPassword('pw-auditor') }];
  const login = auditLogin({ tokens, versions, auditors, secureCookies: false });
  app.route('/dashboard', dashboardPages({ db: database.db, tokens, login, directory: () => ({ snapshot: DIRECTORY }) }));
});

const DIRECTORY: DirectoryNames = {
  agencies: [
    { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', lo: 'ກະຊວງພັດທະນາສັງຄົມ ແລະ ຄວາມໝັ້ນຄົງຂອງມະນຸດ', en: 'MSDHS' } },
    { id: 'la-mlsw', country: 'LA', names: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', en: 'MLSW' } },
  ],
  agreements: [{ id: 'la-th', parties: ['la-mlsw', 'th-msdhs'] }],
};

/** What a reader sees of a page: no scripts, tags or attributes. */
const words = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');

/** One case opened by Thailand with an open decision clock past due, its receipt and its close clock. */
async function recordCase(): Promise<void> {
  const thid = '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0';
  const at = '2026-03-02T08:00:00.000Z';
  await database.db
    .insertInto('cases')
    .values({ thid, ref: 'LA-TH-2026-0042', agreement: 'la-th', opener_type: 'repatriation.request', initiator: 'th-msdhs', responder: 'la-mlsw', opened_at: at, state: 'assessed', urgent: 0, last_at: at, closed_at: null })
    .execute();
  const clock = { thid, instance: 0, agreement: 'la-th', starts_type: 'repatriation.request', side: 'responder', agency: 'la-mlsw', country: 'LA', started_at: at, calendar_ms: 1, net_ms: 1, business_ms: 1, paused: 0 };
  await database.db
    .insertInto('case_steps')
    .values([
      { ...clock, step: 'decide-repatriation', due_at: '2026-03-10T08:00:00.000Z', ended_at: null, status: 'open' },
      { ...clock, step: 'receipt', due_at: null, ended_at: at, status: 'met' },
      { ...clock, step: 'close', due_at: null, ended_at: null, status: 'open' },
    ])
    .execute();
  const cell = { agreement: 'la-th', starts_type: 'repatriation.request', month: '2026-03', count: 1, within_count: 1, median_ms: 60_000, p90_ms: 60_000, max_ms: 60_000, median_business_ms: 60_000, p90_business_ms: 60_000 };
  await database.db.insertInto('turnaround_cells').values([{ ...cell, step: 'receipt' }, { ...cell, step: 'acknowledge-repatriation' }]).execute();
}
afterAll(() => database.close());

/** Posts the login form as a browser does: first the form (its CSRF cookie and field), then the fields. */
async function postLogin(fields: Record<string, string>, query = ''): Promise<Response> {
  const res = await app.request(`/dashboard/login${query}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(await res.text())![1]!;
  return app.request(`/dashboard/login${query}`, form({ ...fields, [CSRF_FIELD]: csrf }, cookie));
}

async function logIn(): Promise<string> {
  const res = await postLogin({ username: 'auditor', password: 'pw-auditor', next: '/dashboard?agreement=la-th' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/dashboard?agreement=la-th');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('the audit dashboard in the console kit', () => {
  it('asks for a login in Lao by default, with the Lao font, the language switch and no CDN', async () => {
    const res = await app.request('/dashboard/login');
    const page = await res.text();
    expect(page).toContain('<html lang="lo">');
    expect(page).toContain('ເຂົ້າສູ່ລະບົບ');
    expect(page).toContain('/assets/fonts/lao.css');
    expect(page).toContain('href="/dashboard/login?lang=th"');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('refuses a wrong password on the form, in the chosen language', async () => {
    const res = await postLogin({ username: 'auditor', password: 'wrong' }, '?lang=th');
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain('<html lang="th">');
    expect(page).toContain('value="auditor"');
  });

  it('limits failed logins per username: the sixth is refused before its password is checked', async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin({ username: 'guessed', password: `try-${i}` }, '?lang=en')).status).toBe(401);
    const res = await postLogin({ username: 'guessed', password: 'another' }, '?lang=en');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.text()).toContain('Too many failed logins');
  });

  it('shows the dashboard with labels, dates and numbers in the reader language; never sends a login elsewhere', async () => {
    const cookie = await logIn();
    const lao = await (await app.request('/dashboard', { headers: { cookie } })).text();
    expect(lao).toContain('ການກວດສອບ');
    expect(lao).toContain('/assets/chart.umd.min.js');
    expect(lao).toContain(`name="${CSRF_FIELD}"`);
    // Nothing recorded yet: no empty chart frames, the reader is told there is nothing.
    expect(lao).not.toContain('<canvas');
    expect(lao).toContain('ບໍ່ມີ.');
    const zh = await (await app.request('/dashboard/cases?lang=zh-Hans', { headers: { cookie } })).text();
    expect(zh).toContain('<html lang="zh-Hans">');
    expect(zh).toContain('返回概览');
    const away = await postLogin({ username: 'auditor', password: 'pw-auditor', next: '//evil.example/dashboard' });
    expect(away.headers.get('location')).toBe('/dashboard');
  });

  it('words steps, sides, agencies, agreements and cases; the receipt is delivery, not a step; a case open is not a stalled step', async () => {
    await recordCase();
    const cookie = await logIn();
    const lao = await (await app.request('/dashboard?lang=lo', { headers: { cookie } })).text();
    const table = (heading: string) => lao.slice(lao.indexOf(heading), lao.indexOf('<h2', lao.indexOf(heading) + 1));
    expect(lao).toContain('ລາວ – ໄທ');
    expect(lao).toContain('ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ');
    expect(lao).toContain('LA-TH-2026-0042');
    expect(lao).toContain('ຝ່າຍຕອບ');
    // The chart's bars and the turnaround table: the acknowledgement only, never the receipt clock.
    const chart = JSON.parse(/data-chart="turnaround"[^>]*>([^<]+)</.exec(lao)![1]!) as { labels: string[] };
    expect(chart.labels).toHaveLength(1);
    expect(table('ການສົ່ງເຖິງ')).toContain('<td');
    // Stalls: the open decision only; the case's close clock is no stalled step.
    expect(table('ຂັ້ນຕອນທີ່ຄ້າງ').match(/<tr>/g)).toHaveLength(2);
    // What the auditor reads: no agency, agreement, language or case code, no step or side code.
    const text = words(lao);
    for (const code of ['la-th', 'la-mlsw', 'th-msdhs', 'responder', 'receipt', 'close', 'decide-repatriation', '0193f3b6', '(lo)', 'zh-Hans']) expect(text, code).not.toContain(code);
    const cases = await (await app.request('/dashboard/cases?lang=th&status=open', { headers: { cookie } })).text();
    expect(cases).toContain('LA-TH-2026-0042');
    expect(cases).toContain('ยังเปิดอยู่');
    // The case's own clocks are named as what they time, not as steps.
    expect(cases).toContain('ทั้งกรณี (จนปิด)');
    expect(words(cases)).not.toMatch(/\b(close|receipt)\b/);
  });

  it('logs out only with the CSRF token of the session', async () => {
    const cookie = await logIn();
    const page = await (await app.request('/dashboard', { headers: { cookie } })).text();
    const csrf = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(page)![1]!;
    const refused = await app.request('/dashboard/logout', form({}, cookie));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<html lang="lo">');
    const out = await app.request('/dashboard/logout', form({ [CSRF_FIELD]: csrf }, cookie));
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/login?bye');
    // The logout ended the token itself, not only the cookie: the old cookie no longer opens a page.
    expect((await app.request('/dashboard', { headers: { cookie } })).status).toBe(303);
  });

  it('refuses a login form without its CSRF cookie (another site posting it) before any password is checked', async () => {
    const page = await (await app.request('/dashboard/login')).text();
    const csrf = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(page)![1]!;
    const res = await app.request('/dashboard/login', form({ username: 'auditor', password: 'pw-auditor', [CSRF_FIELD]: csrf }));
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('mou_session');
  });

  it('serves the kit stylesheet and Chart.js itself', async () => {
    expect((await app.request('/assets/console.css')).status).toBe(200);
    expect((await app.request('/assets/chart.umd.min.js')).status).toBe(200);
  });
});
