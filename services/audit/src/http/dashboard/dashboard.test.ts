import { migrate, openDatabase } from '@mou-hub/db';
import { createTokenIssuer, CSRF_FIELD, hashPassword, jsonErrors } from '@mou-hub/service-kit';
import { assetRoutes as pageAssets } from '@mou-hub/web-kit';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../store/migrations.ts';
import type { AuditDb } from '../../store/schema.ts';
import { assetRoutes } from './assets.ts';
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
  const tokens = createTokenIssuer({ secret: new TextEncoder().encode('d'.repeat(32)), issuer: 'mou-audit', ttlSeconds: 600 });
  app = new Hono();
  jsonErrors(app, undefined, { page: dashboardErrorPage });
  app.route('/assets', pageAssets());
  app.route('/assets', assetRoutes());
  app.route('/dashboard', dashboardPages({ db: database.db, tokens, auditors: [{ username: 'auditor', passwordHash: await hashPassword('pw-auditor') }] }));
});
afterAll(() => database.close());

async function logIn(): Promise<string> {
  const res = await app.request('/dashboard/login', form({ username: 'auditor', password: 'pw-auditor', next: '/dashboard?agreement=la-th' }));
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
    const res = await app.request('/dashboard/login?lang=th', form({ username: 'auditor', password: 'wrong' }));
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain('<html lang="th">');
    expect(page).toContain('value="auditor"');
  });

  it('limits failed logins per username: the sixth is refused before its password is checked', async () => {
    for (let i = 0; i < 5; i++) expect((await app.request('/dashboard/login?lang=en', form({ username: 'guessed', password: `try-${i}` }))).status).toBe(401);
    const res = await app.request('/dashboard/login?lang=en', form({ username: 'guessed', password: 'another' }));
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
    const away = await app.request('/dashboard/login', form({ username: 'auditor', password: 'pw-auditor', next: '//evil.example/dashboard' }));
    expect(away.headers.get('location')).toBe('/dashboard');
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
  });

  it('serves the kit stylesheet and Chart.js itself', async () => {
    expect((await app.request('/assets/console.css')).status).toBe(200);
    expect((await app.request('/assets/chart.umd.min.js')).status).toBe(200);
  });
});
