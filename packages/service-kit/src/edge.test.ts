import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.ts';
import { jsonErrors } from './errors.ts';
import { checkLoginCsrf, LOGIN_CSRF_COOKIE, loginCsrfToken } from './login-csrf.ts';
import { MemorySessionVersions } from './session-versions.ts';
import { createTokenIssuer } from './token.ts';

describe('login CSRF', () => {
  const app = new Hono();
  jsonErrors(app);
  app.get('/login', (c) => c.text(loginCsrfToken(c, { secure: true })));
  app.post('/login', async (c) => {
    checkLoginCsrf(c, (await c.req.parseBody())['_csrf']);
    return c.text('checked');
  });
  const post = (cookie: string | undefined, field: string | undefined) =>
    app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(field === undefined ? {} : { _csrf: field }).toString(),
    });

  it('gives the form a random token in a Secure, HttpOnly, SameSite=Strict cookie, and keeps it on the next visit', async () => {
    const res = await app.request('/login');
    const token = await res.text();
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const again = await app.request('/login', { headers: { cookie: `${LOGIN_CSRF_COOKIE}=${token}` } });
    expect(await again.text()).toBe(token);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('takes a login whose field matches its cookie, and refuses one without the cookie (another site’s form) or with another value', async () => {
    const token = await (await app.request('/login')).text();
    expect((await post(`${LOGIN_CSRF_COOKIE}=${token}`, token)).status).toBe(200);
    const refused = await post(undefined, token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf-mismatch');
    expect((await post(`${LOGIN_CSRF_COOKIE}=${token}`, undefined)).status).toBe(403);
    expect((await post(`${LOGIN_CSRF_COOKIE}=${token}`, token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).status).toBe(403);
  });
});

describe('MemorySessionVersions', () => {
  it('a logout ends every token of that account only; a restart ends every token', async () => {
    let t = 1_000;
    const secret = new TextEncoder().encode('s'.repeat(32));
    const versions = new MemorySessionVersions(['admin', 'other'], () => t);
    const tokens = createTokenIssuer({ secret, issuer: 'x', ttlSeconds: 60, sessions: versions });
    const mine = await tokens.issue({ sub: 'admin', roles: ['administrator'], agency: 'a' });
    const theirs = await tokens.issue({ sub: 'other', roles: ['administrator'], agency: 'a' });
    expect(await tokens.verify(mine)).toBeDefined();
    versions.end('admin');
    expect(await tokens.verify(mine)).toBeUndefined();
    expect(await tokens.verify(theirs)).toBeDefined();
    expect(await tokens.verify(await tokens.issue({ sub: 'admin', roles: ['administrator'], agency: 'a' }))).toBeDefined();
    await expect(tokens.issue({ sub: 'stranger', roles: [], agency: 'a' })).rejects.toThrow();
    t = 5_000;
    const restarted = createTokenIssuer({ secret, issuer: 'x', ttlSeconds: 60, sessions: new MemorySessionVersions(['admin', 'other'], () => t) });
    expect(await restarted.verify(theirs)).toBeUndefined();
  });
});

describe('limitBody', () => {
  const app = new Hono();
  app.use('*', limitBody(1024));
  app.post('/', async (c) => c.text(String((await c.req.text()).length)));

  it('refuses a body over the limit with 413 too-large, from its length or while it streams', async () => {
    expect(await (await app.request('/', { method: 'POST', body: 'x'.repeat(1024) })).text()).toBe('1024');
    const big = await app.request('/', { method: 'POST', body: 'x'.repeat(1025) });
    expect(big.status).toBe(413);
    const stream = new ReadableStream({
      pull(ctl) {
        ctl.enqueue(new Uint8Array(600));
      },
    });
    const streamed = await app.request('/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('too-large');
  });
});
