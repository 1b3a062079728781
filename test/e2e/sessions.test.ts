import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@mou-hub/db';
import type { AgencyDatabase } from '@mou-hub/agency';
import { startTestFederation, type TestFederation } from '../support/federation.ts';

let fed: TestFederation;
const AGENCY = 'th-msdhs';

beforeAll(async () => {
  fed = await startTestFederation([AGENCY, 'la-mlsw']);
});
afterAll(() => fed?.close());

const url = () => fed.nodes.get(AGENCY)!.url;
const officer = () => fed.agency(AGENCY).officer;

async function login(username: string, password: string): Promise<{ status: number; token?: string; retryAfter: string | null; code?: string }> {
  const res = await fetch(`${url()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const json = (await res.json()) as { token?: string; error?: { code: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...(json.token ? { token: json.token } : {}), ...(json.error ? { code: json.error.code } : {}) };
}

const call = (token: string, method = 'GET', path = '/api/v1/inbox') =>
  fetch(`${url()}${path}`, { method, headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

/** Rewrites the node's configuration and restarts it, as an operator would. */
async function restartWith(change: (config: { officers: Record<string, unknown>[] }) => void): Promise<void> {
  const path = fed.agency(AGENCY).configPath;
  const config = JSON.parse(readFileSync(path, 'utf8'));
  change(config);
  writeFileSync(path, JSON.stringify(config));
  await fed.stopNode(AGENCY);
  await fed.startNode(AGENCY);
}

describe('sessions', () => {
  it('logout ends every token of the officer at once, and only theirs', async () => {
    const a = (await login(officer().username, officer().password)).token!;
    const b = (await login(officer().username, officer().password)).token!;
    const supervisor = (await login(fed.agency(AGENCY).supervisor.username, fed.agency(AGENCY).supervisor.password)).token!;
    expect([await call(a), await call(b)]).toEqual([200, 200]);
    expect(await call(a, 'POST', '/api/v1/auth/logout')).toBe(204);
    expect([await call(a), await call(b)]).toEqual([401, 401]);
    expect(await call(a, 'POST', '/api/v1/auth/logout')).toBe(401);
    expect(await call(supervisor, 'GET', '/api/v1/quarantine')).toBe(200);
    const c = (await login(officer().username, officer().password)).token!;
    expect(await call(c)).toBe(200);
  });

  it('a token survives a restart with the same configuration, not a new password', async () => {
    const before = (await login(officer().username, officer().password)).token!;
    await restartWith(() => {});
    expect(await call(before)).toBe(200);
    const changePassword = (c: { officers: Record<string, unknown>[] }) => {
      const o = c.officers.find((x) => x['username'] === officer().username)!;
      delete o['passwordHash'];
      o['password'] = 'a-new-password-1';
    };
    await restartWith(changePassword);
    expect(await call(before)).toBe(401);
    expect((await login(officer().username, officer().password)).status).toBe(401);
    const after = (await login(officer().username, 'a-new-password-1')).token!;
    // The same clear password again: the stored hash is kept, and so are the tokens.
    await restartWith(changePassword);
    expect(await call(after)).toBe(200);
    // Three restarts of a node (a second each alone) in the full suite's load: 30 s ran out once.
  }, 90_000);

  it('an officer removed from the configuration is disabled at start: their tokens and logins are refused', async () => {
    const sup = fed.agency(AGENCY).supervisor;
    const token = (await login(sup.username, sup.password)).token!;
    expect(await call(token, 'GET', '/api/v1/quarantine')).toBe(200);
    await restartWith((c) => {
      c.officers = c.officers.filter((o) => o['username'] !== sup.username);
    });
    expect(await call(token, 'GET', '/api/v1/quarantine')).toBe(401);
    expect(await login(sup.username, sup.password)).toMatchObject({ status: 401, code: 'invalid-credentials' });
    // Kept for the record, marked disabled.
    const { db, close } = openDatabase<AgencyDatabase>(fed.agency(AGENCY).database);
    const row = await db.selectFrom('users').select(['username', 'disabled']).where('username', '=', sup.username).executeTakeFirst();
    await close();
    expect(row).toEqual({ username: sup.username, disabled: 1 });
  });
});

describe('login flood', () => {
  it('refuses a username with 429 and Retry-After after 5 failures, even with the right password, before checking it', async () => {
    const name = officer().username;
    const password = 'a-new-password-1';
    for (let i = 0; i < 5; i++) expect((await login(name, `wrong-${i}`)).status).toBe(401);
    const started = performance.now();
    const limited = await login(name, password);
    expect(limited).toMatchObject({ status: 429, code: 'too-many-attempts' });
    expect(Number(limited.retryAfter)).toBeGreaterThan(800);
    // No scrypt was spent on it (a check costs tens of ms).
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('refuses an address that tries many usernames (each tried once)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`nobody-${i}`, 'whatever')).status);
    // 20 failures per address in the window; some came from the tests above.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
  });
});
