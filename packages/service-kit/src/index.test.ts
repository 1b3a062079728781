import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpError, createTokenIssuer, hashPassword, jsonErrors, requireAuth, verifyPassword, type KitVariables } from './index.ts';

const secret = new TextEncoder().encode('x'.repeat(32));
const tokens = createTokenIssuer({ secret, issuer: 'th-msdhs', ttlSeconds: 60 });

function app() {
  const a = new Hono<{ Variables: KitVariables }>();
  jsonErrors(a);
  a.get('/open', () => {
    throw new HttpError(409, 'conflict', 'taken');
  });
  a.get('/officer', requireAuth(tokens, ['liaison-officer']), (c) => c.json(c.get('user')));
  return a;
}

describe('passwords', () => {
  it('verifies the right password only, and never stores it in clear', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(await verifyPassword('x', 'plain')).toBe(false);
  });
});

describe('auth and errors', () => {
  it('answers JSON for an unknown route and for an HttpError', async () => {
    const a = app();
    const missing = await a.request('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not-found', message: 'no route GET /nope' } });
    const taken = await a.request('/open');
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('refuses a missing, forged, foreign or under-privileged token', async () => {
    const a = app();
    expect((await a.request('/officer')).status).toBe(401);
    const foreign = await createTokenIssuer({ secret, issuer: 'la-mlsw', ttlSeconds: 60 }).issue({ sub: 'a', roles: ['liaison-officer'], agency: 'la-mlsw' });
    expect((await a.request('/officer', { headers: { authorization: `Bearer ${foreign}` } })).status).toBe(401);
    const translator = await tokens.issue({ sub: 't', roles: ['translator'], agency: 'th-msdhs' });
    const res = await a.request('/officer', { headers: { authorization: `Bearer ${translator}` } });
    expect(res.status).toBe(403);
    const officer = await tokens.issue({ sub: 'o', roles: ['liaison-officer'], agency: 'th-msdhs' });
    const ok = await a.request('/officer', { headers: { authorization: `Bearer ${officer}` } });
    expect(await ok.json()).toEqual({ sub: 'o', roles: ['liaison-officer'], agency: 'th-msdhs' });
  });
});
