import { Hono } from 'hono';
import { createLogger, createTokenIssuer, hashPassword, jsonErrors, LoginLimiter, ROLES } from '@mou-hub/service-kit';
import { openTestDatabase } from '../platform/test-db.ts';
import { createUser } from '../users/user-admin.ts';
import { tokenVersion } from '../users/user-store.ts';
import type { AppDeps } from './deps.ts';
import { consolePages, errorPage } from './console-routes.ts';

/** Everyone's password in the console's tests. */
export const TEST_PASSWORD = 'correct horse battery';

/**
 * For tests: the console of agency `la-mlsw` on a migrated temp database, with one officer per
 * role (`<role>` holds only that role) and a helper that logs in through the form.
 */
export async function consoleForTest(agency = 'la-mlsw') {
  const { db, close } = await openTestDatabase();
  const tokens = createTokenIssuer({ secret: new Uint8Array(32).fill(7), issuer: agency, ttlSeconds: 600, sessions: { current: (sub) => tokenVersion(db, sub) } });
  // Only what the pages use; the relay, metrics and directory are not needed here.
  // A directory of one agreement, enough for the new-case form's choice of counterpart.
  const agencies = [
    {
      id: agency,
      country: agency.slice(0, 2).toUpperCase(),
      names: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', th: 'กระทรวงแรงงานและสวัสดิการสังคม', vi: 'Bộ Lao động và Phúc lợi Xã hội', 'zh-Hans': '劳动和社会福利部', en: 'Ministry of Labour and Social Welfare' },
    },
    { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', lo: 'ກະຊວງພັດທະນາສັງຄົມ ແລະ ຄວາມໝັ້ນຄົງຂອງມະນຸດ', en: 'Ministry of Social Development and Human Security' } },
  ];
  const directory = () => ({ snapshot: { agencies, agreements: [{ id: 'la-th', parties: [agency, 'th-msdhs'] }] }, maySend: () => ({ ok: true }) });
  const loginLimiter = new LoginLimiter({ perUsername: 50, perAddress: 1000, windowSeconds: 60 });
  const deps = { agency, db, tokens, directory, log: createLogger('test'), loginLimiter } as unknown as AppDeps;
  const hash = await hashPassword(TEST_PASSWORD);
  for (const role of ROLES) await createUser(db, { username: role, passwordHash: hash, roles: [role] });
  const app = new Hono();
  jsonErrors(app, deps.log, { page: errorPage(agency) });
  app.route('/', consolePages(deps));

  /** Posts the login form as a browser does: the form first (its login CSRF cookie and field), then the fields. */
  const postLogin = async (fields: Record<string, string>, query = ''): Promise<Response> => {
    const form = await app.request(`/login${query}`);
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const body = new URLSearchParams({ ...fields, _csrf: csrf }).toString();
    return app.request(`/login${query}`, { method: 'POST', headers: { accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
  };
  /** Logs in through the form; answers the `cookie` header to send. */
  const login = async (username: string, password = TEST_PASSWORD): Promise<string> => {
    const res = await postLogin({ username, password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mou_session='));
    if (res.status !== 303 || !cookie) throw new Error(`login ${username}: ${res.status}`);
    return cookie.split(';')[0]!;
  };
  /** A page's HTML and the CSRF token of its forms. */
  const get = async (path: string, cookie?: string) => {
    const res = await app.request(path, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
    const html = await res.text();
    return { res, html, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] };
  };
  /** Posts a form as a browser would. */
  const post = (path: string, cookie: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return app.request(path, { method: 'POST', headers: { accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  return { app, db, deps, login, postLogin, get, post, close };
}
