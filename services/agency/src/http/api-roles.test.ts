import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@mou-hub/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAtRest } from '../platform/at-rest.ts';
import { ACCESS } from './access.ts';
import { createApp } from './app.ts';
import { consoleForTest } from './test-app.ts';

const CASE = ACCESS.cases;
const TRANSLATION_QUEUE = ACCESS.translationQueue;
const TRANSLATION_WORK = ACCESS.translationWork;

/**
 * Which capability of the one role table (`ACCESS`) guards each API route. A route missing here
 * fails the test, so a new route comes with its row; each row is then tried with every role.
 */
const API_ROLES: Record<string, readonly string[]> = {
  'POST /api/v1/auth/logout': ROLES,
  'POST /api/v1/messages': CASE,
  'GET /api/v1/messages/:id': CASE,
  'GET /api/v1/inbox': CASE,
  'GET /api/v1/threads/:thid': CASE,
  'GET /api/v1/quarantine': ACCESS.quarantine,
  'POST /api/v1/cases': ACCESS.openCase,
  'GET /api/v1/cases': CASE,
  'GET /api/v1/cases/:id': CASE,
  'POST /api/v1/cases/:id/actions/:name': CASE,
  'POST /api/v1/cases/:id/attachments': CASE,
  'GET /api/v1/cases/:id/attachments': CASE,
  'GET /api/v1/cases/:id/attachments/:name': CASE,
  'POST /api/v1/intakes': CASE,
  'GET /api/v1/intakes': CASE,
  'POST /api/v1/intakes/:id/cases': CASE,
  'GET /api/v1/intakes/:id': CASE,
  'GET /api/v1/access-log': ACCESS.accessLog,
  'GET /api/v1/cases/:id/evidence': ACCESS.evidenceExport,
  'GET /api/v1/translations': TRANSLATION_QUEUE,
  'POST /api/v1/translations': ACCESS.requestTranslation,
  'GET /api/v1/translations/:id': TRANSLATION_WORK,
  'POST /api/v1/translations/:id/:action': TRANSLATION_WORK,
};
// Open to anyone: logging in, the OpenAPI document.
const PUBLIC = ['POST /api/v1/auth/login', 'GET /api/v1/openapi.json'];

let t: Awaited<ReturnType<typeof consoleForTest>>;
let keyDir: string;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await consoleForTest();
  keyDir = mkdtempSync(join(tmpdir(), 'mou-keys-'));
  app = createApp({ ...t.deps, atRest: loadAtRest(keyDir), maxRequestBytes: 1 << 20, readiness: async () => ({}), wakeRelay: () => {} });
});
afterAll(async () => {
  await t.close();
  rmSync(keyDir, { recursive: true, force: true });
});

const ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const concrete = (path: string) => path.replace(/:[a-z]+/g, (p) => (p === ':name' ? 'assess' : p === ':action' ? 'claim' : ID));

describe('roles × API routes', () => {
  it('every API route has its row in the matrix', () => {
    const routes = [...new Set(app.routes.filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    expect(routes.filter((r) => !(r in API_ROLES) && !PUBLIC.includes(r))).toEqual([]);
  });

  const rows = ROLES.flatMap((role) => Object.entries(API_ROLES).map(([route, roles]) => [role, route, roles.includes(role)] as const));
  it.each(rows)('%s → %s allowed: %s', async (role, route, allowed) => {
    // A fresh token each time: the logout row ends the officer's earlier ones.
    const token = await t.deps.tokens.issue({ sub: role, roles: [role], agency: 'la-mlsw' });
    const [method, path] = route.split(' ') as [string, string];
    const res = await app.request(concrete(path), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    // Allowed: the request gets past the role check (then fails or succeeds on its merits).
    if (allowed) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(403);
  });

  it('without a token every route but login answers 401', async () => {
    for (const route of Object.keys(API_ROLES)) {
      const [method, path] = route.split(' ') as [string, string];
      expect((await app.request(concrete(path), { method })).status, route).toBe(401);
    }
  });
});
