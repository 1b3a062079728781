import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startAuditBed, type AuditBed } from '../test-support.ts';

// Issue 17: the audit's logins limited and revocable, its bodies bounded, on the real service.
let bed: AuditBed;
beforeAll(async () => {
  bed = await startAuditBed();
});
afterAll(() => bed?.close());

const apiLogin = (username: string, password: string) =>
  fetch(`${bed.audit.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('audit logins', () => {
  it('limits API logins per username: 5 wrong passwords are checked, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await apiLogin('guessed', `try-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const res = await apiLogin('guessed', 'again');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too-many-attempts');
  });

  it('a logout ends the token: the report it opened answers 401 after', async () => {
    const token = (await (await apiLogin('auditor', PASSWORD)).json()) as { token: string };
    const auth = { authorization: `Bearer ${token.token}` };
    expect((await fetch(`${bed.audit.url}/api/v1/reports/turnaround`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${bed.audit.url}/api/v1/auth/logout`, { method: 'POST', headers: auth })).status).toBe(204);
    expect((await fetch(`${bed.audit.url}/api/v1/reports/turnaround`, { headers: auth })).status).toBe(401);
    expect((await apiLogin('auditor', PASSWORD)).status).toBe(200);
  });

  it('marks the dashboard’s login cookie Secure by default (secureCookies), HttpOnly and SameSite=Strict', async () => {
    const res = await fetch(`${bed.audit.url}/dashboard/login`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mou_login_csrf=')) ?? '';
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});

describe('audit request bodies', () => {
  const post = (path: string, bytes: number, type: string) =>
    fetch(`${bed.audit.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body: 'x'.repeat(bytes) });

  it('refuses a large body on every route with 413 too-large: the login (16 KiB) and the dashboard (64 KiB)', async () => {
    expect((await post('/api/v1/auth/login', 20_000, 'application/json')).status).toBe(413);
    expect((await post('/dashboard/login', 20_000, 'application/x-www-form-urlencoded')).status).toBe(413);
    const page = await post('/dashboard/cases', 100_000, 'application/x-www-form-urlencoded');
    expect(page.status).toBe(413);
    expect(((await page.json()) as { error: { code: string } }).error.code).toBe('too-large');
    // A small body still reaches the route (and is refused there for what it is).
    expect((await post('/dashboard/login', 100, 'application/x-www-form-urlencoded')).status).toBe(403);
  });
});
