import { Hono } from 'hono';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { HttpError, jsonErrors } from './errors.ts';
import { checkLogin } from './login.ts';
import { hashPassword } from './password.ts';
import { CSRF_FIELD, csrfTokenFor, requireSession, startSession, type SessionVariables } from './session.ts';
import { createTokenIssuer } from './token.ts';
import { parseInput } from './validate.ts';

const tokens = createTokenIssuer({ secret: new TextEncoder().encode('s'.repeat(32)), issuer: 'la-mlsw', ttlSeconds: 60 });

function app() {
  const a = new Hono<{ Variables: SessionVariables }>();
  jsonErrors(a, undefined, { page: (c, e) => c.html(`<p>${e.code}</p>`, e.status) });
  a.post('/login', async (c) => {
    startSession(c, await tokens.issue({ sub: 'u', roles: ['translator'], agency: 'la-mlsw' }));
    return c.body(null, 204);
  });
  a.get('/queue', requireSession(tokens, ['translator']), (c) => c.text(c.get('csrf')));
  a.post('/queue', requireSession(tokens, ['translator']), (c) => c.text('done'));
  a.get('/admin', requireSession(tokens, ['administrator']), (c) => c.text('admin'));
  return a;
}

describe('browser sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie; without it a page redirects to the login', async () => {
    const a = app();
    const login = await a.request('/login', { method: 'POST' });
    expect(login.headers.get('set-cookie')).toMatch(/^mou_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const anonymous = await a.request('/queue?x=1');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fqueue%3Fx%3D1');
    expect((await a.request('/queue', { method: 'POST' })).status).toBe(401);
  });

  it('answers a missing role 403, as a page for a browser and JSON for a script', async () => {
    const a = app();
    const cookie = (await a.request('/login', { method: 'POST' })).headers.get('set-cookie')!.split(';')[0]!;
    const page = await a.request('/admin', { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(await page.text()).toBe('<p>forbidden</p>');
    const json = await a.request('/admin', { headers: { cookie } });
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('refuses a form post without the session CSRF token, takes it with', async () => {
    const a = app();
    const cookie = (await a.request('/login', { method: 'POST' })).headers.get('set-cookie')!.split(';')[0]!;
    const csrf = await (await a.request('/queue', { headers: { cookie } })).text();
    expect(csrf).toBe(csrfTokenFor(cookie.split('=')[1]!));
    const form = (token: string) => ({ method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `${CSRF_FIELD}=${token}` });
    expect((await a.request('/queue', form('forged'))).status).toBe(403);
    expect((await a.request('/queue', form(''))).status).toBe(403);
    expect((await a.request('/queue', form(csrf))).status).toBe(200);
    expect((await a.request('/queue', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).status).toBe(200);
  });
});

describe('the one validation and login answer', () => {
  it('answers invalid-request with field paths and issue kinds, never the values', () => {
    const schema = v.strictObject({ username: v.pipe(v.string(), v.minLength(2)), password: v.string() });
    try {
      parseInput(schema, { username: 'x' }, 'body');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      const err = e as HttpError;
      expect([err.status, err.code]).toEqual([400, 'invalid-request']);
      expect(err.details).toEqual({
        issues: [
          { path: 'username', kind: 'min_length', expected: '>=2', params: { min: 2 }, message: 'min_length: >=2' },
          { path: 'password', kind: 'missing', expected: '"password"', params: {}, message: 'missing: "password"' },
        ],
      });
      expect(JSON.stringify(err.details)).not.toContain('"x"');
    }
  });

  it('turns a thrown 4xx into invalid-request, an unknown error into internal', async () => {
    const a = new Hono();
    jsonErrors(a);
    a.get('/bad', () => {
      throw Object.assign(new Error('malformed'), { status: 400 });
    });
    a.get('/boom', () => {
      throw new Error('victim name inside');
    });
    expect(await (await a.request('/bad')).json()).toEqual({ error: { code: 'invalid-request', message: 'malformed' } });
    const boom = await a.request('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain('victim');
  });

  it('checkLogin: right password only; an unknown user is refused', async () => {
    const stored = await hashPassword('correct horse');
    expect(await checkLogin('correct horse', stored)).toBe(true);
    expect(await checkLogin('wrong', stored)).toBe(false);
    expect(await checkLogin('correct horse', undefined)).toBe(false);
  });
});
