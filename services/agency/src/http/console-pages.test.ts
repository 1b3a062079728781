import { ROLES } from '@mou-hub/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, NAV } from './access.ts';
import { consoleForTest, TEST_PASSWORD } from './test-app.ts';

let t: Awaited<ReturnType<typeof consoleForTest>>;
beforeAll(async () => {
  t = await consoleForTest();
});
afterAll(() => t.close());

describe('language and fonts', () => {
  it('speaks the agency language by default, says so in <html lang>, links only that script font', async () => {
    const { res, html } = await t.get('/login');
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<!doctype html><html lang="lo">/);
    expect(html).toContain('ເຂົ້າສູ່ລະບົບ');
    expect(html).toContain('/assets/fonts/lao.css');
    expect(html).not.toContain('/assets/fonts/thai.css');
    expect(html).not.toContain('/assets/fonts/han.css');
  });

  it('?lang= switches and is remembered in a cookie', async () => {
    const { res, html } = await t.get('/login?lang=zh-Hans');
    expect(html).toMatch(/<html lang="zh-Hans">/);
    expect(html).toContain('/assets/fonts/han.css');
    expect(html).not.toContain('/assets/fonts/lao.css');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe('mou_lang=zh-Hans');
    expect((await t.get('/login', cookie)).html).toMatch(/<html lang="zh-Hans">/);
    expect((await t.get('/login?lang=xx', cookie)).html).toMatch(/<html lang="zh-Hans">/);
    const english = await t.get('/login?lang=en');
    expect(english.html).not.toContain('/assets/fonts/');
  });

  it('serves htmx, the font CSS and the font files from the node, nothing else', async () => {
    expect((await t.app.request('/assets/htmx.min.js')).headers.get('content-type')).toContain('javascript');
    const css = await (await t.app.request('/assets/fonts/thai.css')).text();
    expect(css).toContain('font-family:"MOU Noto Sans Thai"');
    const file = /url\((\/assets\/fonts\/files\/[^)]+)\)/.exec(css)![1]!;
    const font = await t.app.request(file);
    expect([font.status, font.headers.get('content-type')]).toEqual([200, 'font/woff2']);
    expect((await t.app.request('/assets/fonts/files/..%2F400.css')).status).toBe(404);
    expect((await t.app.request('/assets/fonts/files/noto-sans-thai-thai-400-normal.woff')).status).toBe(404);
  });
});

describe('login and logout', () => {
  it('refuses a wrong password with the Lao words for it, and an empty field next to the field', async () => {
    const wrong = await t.postLogin({ username: 'translator', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('ຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.');
    const empty = await t.postLogin({ username: '', password: 'x' }, '?lang=en');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/id="f-username-error">Too short or too few \(at least 1\)\./);
  });

  it('sets an HttpOnly SameSite=Strict cookie and goes where it was asked, but only on this node', async () => {
    const res = await t.postLogin({ username: 'administrator', password: TEST_PASSWORD, next: '/quarantine' });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('mou_session=')) ?? '';
    expect(session).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    expect(res.headers.get('location')).toBe('/quarantine');
    const away = await t.postLogin({ username: 'administrator', password: TEST_PASSWORD, next: '//evil.example/x' });
    expect(away.headers.get('location')).toBe('/');
  });

  it('refuses a login form that did not come with its login CSRF cookie (another site posting it)', async () => {
    const { csrf } = await t.get('/login');
    const res = await t.post('/login', '', { username: 'administrator', password: TEST_PASSWORD, _csrf: csrf! });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('mou_session='))).toBe(false);
  });

  it('logout needs the CSRF token, and ends every session of the officer: the old cookie opens nothing', async () => {
    const cookie = await t.login('supervisor');
    const { csrf } = await t.get('/quarantine', cookie);
    expect((await t.post('/logout', cookie, {})).status).toBe(403);
    const out = await t.post('/logout', cookie, { _csrf: csrf! });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/login?bye']);
    const row = await t.db.selectFrom('users').select('token_version').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
    expect(row.token_version).toBe(2);
    expect((await t.get('/quarantine', cookie)).res.status).toBe(303);
  });
});

describe('roles × pages', () => {
  // Every page, and a case page of a case that is not here (allowed: 404 after the role check).
  const routes = [...NAV.map((p) => [p.href, p.key, 200] as const), ['/cases/01890a5d-ac96-774b-bcce-b302099a8057', 'cases', 404] as const];
  const cases = ROLES.flatMap((role) => routes.map(([href, key, ok]) => [role, href, (ACCESS[key] as readonly string[]).includes(role) ? ok : 403] as const));
  const cookies = new Map<string, Promise<string>>();
  it.each(cases)('%s → GET %s answers %s', async (role, href, status) => {
    if (!cookies.has(role)) cookies.set(role, t.login(role));
    const cookie = await cookies.get(role)!;
    const { res } = await t.get(href, cookie);
    expect(res.status).toBe(status);
  });

  it('without a session every page sends to the login, keeping where it was going', async () => {
    for (const { href } of NAV) {
      const { res } = await t.get(href);
      expect([res.status, res.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(href)}`]);
    }
  });
});

describe('user administration', () => {
  it('creates an officer (with the CSRF token), shows a bad field next to it, disables and re-enables', async () => {
    const cookie = await t.login('administrator');
    const { csrf } = await t.get('/admin/users?lang=en', cookie);
    const form = { _csrf: csrf!, username: 'lo.translator3', password: 'long enough pass', roles: ['translator', 'supervisor'] };
    expect((await t.post('/admin/users', cookie, { ...form, _csrf: 'forged' })).status).toBe(403);
    const bad = await t.post('/admin/users?lang=en', cookie, { ...form, username: 'Bad Name', roles: [] });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-username-error">Not in the expected format.');
    expect(html).toContain('value="Bad Name"');
    const made = await t.post('/admin/users', cookie, form);
    // Translator and supervisor are case roles: they wait for a supervisor's approval.
    expect([made.status, made.headers.get('location')]).toEqual([303, '/admin/users?pending=lo.translator3']);
    expect((await t.post('/admin/users', cookie, form)).status).toBe(409);
    const officer = await t.login('lo.translator3', 'long enough pass');
    expect((await t.get('/translations', officer)).res.status).toBe(403);
    const supervisor = await t.login('supervisor');
    const grants = await t.get('/admin/grants?lang=en', supervisor);
    const id = /action="\/admin\/grants\/(\d+)\/approve"/.exec(grants.html)![1]!;
    expect((await t.post(`/admin/grants/${id}/approve`, supervisor, { _csrf: grants.csrf! })).status).toBe(303);
    // The approval ended the officer's tokens (they named no roles): a new login has them.
    expect((await t.get('/translations', officer)).res.status).toBe(303);
    expect((await t.get('/translations', await t.login('lo.translator3', 'long enough pass'))).res.status).toBe(200);
    await t.post('/admin/users/lo.translator3/disable', cookie, { _csrf: csrf! });
    expect((await t.get('/translations', officer)).res.status).toBe(303);
    await expect(t.login('lo.translator3', 'long enough pass')).rejects.toThrow(/401/);
    await t.post('/admin/users/lo.translator3/enable', cookie, { _csrf: csrf! });
    expect(await t.login('lo.translator3', 'long enough pass')).toMatch(/^mou_session=/);
  });

  it('separation of duties: an administrator’s self-grant is refused; a case role waits for a supervisor, whose approval is access-logged', async () => {
    const admin = await t.login('administrator');
    const { csrf } = await t.get('/admin/users?lang=en', admin);
    const self = await t.post('/admin/users/administrator/roles?lang=en', admin, { _csrf: csrf!, roles: ['administrator', 'liaison-officer'] });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('Nobody may change their own roles.');
    const roles = async (u: string) => JSON.parse((await t.db.selectFrom('users').select('roles').where('username', '=', u).executeTakeFirstOrThrow()).roles) as string[];
    expect(await roles('administrator')).toEqual(['administrator']);
    // Granting another officer a case role: nothing yet, a pending grant, both in the access log.
    const asked = await t.post('/admin/users/auditor/roles', admin, { _csrf: csrf!, roles: ['auditor', 'liaison-officer'] });
    expect(asked.headers.get('location')).toBe('/admin/users?pending=auditor');
    expect(await roles('auditor')).toEqual(['auditor']);
    // Not the administrator (no supervisor role), nor a supervisor for a grant they asked for.
    expect((await t.get('/admin/grants', admin)).res.status).toBe(403);
    const sup = await t.login('supervisor');
    const page = await t.get('/admin/grants?lang=en', sup);
    expect(page.html).toContain('Liaison officer');
    const id = /action="\/admin\/grants\/(\d+)\/approve"/.exec(page.html)![1]!;
    expect((await t.post(`/admin/grants/${id}/approve`, sup, { _csrf: page.csrf! })).status).toBe(303);
    expect(await roles('auditor')).toEqual(['auditor', 'liaison-officer']);
    expect((await t.post(`/admin/grants/${id}/approve`, sup, { _csrf: page.csrf! })).status).toBe(404);
    const log = await t.db.selectFrom('access_log').select(['user', 'what']).where('what', 'like', 'roles-%:auditor:%').orderBy('seq').execute();
    expect(log).toEqual([
      { user: 'administrator', what: 'roles-requested:auditor:liaison-officer' },
      { user: 'supervisor', what: 'roles-approved:auditor:liaison-officer' },
    ]);
  });

  it('under htmx a form that worked answers HX-Location instead of a redirect', async () => {
    const cookie = await t.login('administrator');
    const { csrf } = await t.get('/admin/users', cookie);
    const res = await t.app.request('/admin/users/translator/roles', {
      method: 'POST',
      headers: { cookie, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${csrf}&roles=translator`,
    });
    expect([res.status, res.headers.get('hx-location')]).toEqual([200, '/admin/users?updated=translator']);
  });
});
