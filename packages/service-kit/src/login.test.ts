import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, loginRefusal } from './login.ts';
import { LoginLimiter } from './login-limit.ts';
import { DEFAULT_PASSWORD_COST, hashPassword, needsRehash, passwordCost, setPasswordCost, verifyPassword } from './password.ts';
import { TrustedProxies } from './client-address.ts';

// Explicitly cheap in tests; production hashes at DEFAULT_PASSWORD_COST (2^17).
const before = passwordCost();
beforeAll(() => setPasswordCost({ log2N: 12 }));
afterAll(() => setPasswordCost(before));

describe('password cost', () => {
  it('is 2^17 by default, and a hash records its own cost', async () => {
    expect(DEFAULT_PASSWORD_COST.log2N).toBe(17);
    expect(await hashPassword('correct horse')).toMatch(/^scrypt\$4096\$8\$1\$/);
  });

  it('a hash cheaper than today’s cost asks for a rehash; one at today’s cost does not', async () => {
    const old = await hashPassword('correct horse');
    setPasswordCost({ log2N: 13 });
    try {
      expect(needsRehash(old)).toBe(true);
      expect(await verifyPassword('correct horse', old)).toBe(true);
      expect(needsRehash(await hashPassword('x'))).toBe(false);
    } finally {
      setPasswordCost({ log2N: 12 });
    }
  });

  it('refuses a stored hash that would cost more than 1 GiB, or is malformed', async () => {
    expect(await verifyPassword('x', 'scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
    expect(passwordCost().log2N).toBe(12);
  });
});

describe('attemptLogin', () => {
  const limits = { perUsername: 5, perAddress: 20, windowSeconds: 900 };

  it('34 concurrent guesses at one account: at most 5 passwords are checked, the rest are refused before any hash', async () => {
    const limiter = new LoginLimiter(limits);
    const account = { username: 'somchai', passwordHash: await hashPassword('correct horse') };
    const outcomes = await Promise.all(
      Array.from({ length: 34 }, (_, i) => attemptLogin(limiter, { username: 'somchai', address: `10.0.0.${i}` }, `guess ${i}`, account)),
    );
    expect(outcomes.filter((o) => o.ok === false && o.code === 'invalid-credentials')).toHaveLength(5);
    expect(outcomes.filter((o) => o.ok === false && o.code === 'too-many-attempts')).toHaveLength(29);
    // The right password now is refused too, until the window ends.
    expect((await attemptLogin(limiter, { username: 'somchai', address: '10.0.1.1' }, 'correct horse', account)).ok).toBe(false);
  });

  it('a good password clears the account’s failures and returns a new hash when the stored one is cheaper', async () => {
    const limiter = new LoginLimiter(limits);
    setPasswordCost({ log2N: 11 });
    const account = { username: 'somchai', passwordHash: await hashPassword('correct horse') };
    setPasswordCost({ log2N: 12 });
    const a = { username: 'somchai', address: '10.0.0.1' };
    for (let i = 0; i < 4; i++) await attemptLogin(limiter, a, 'wrong', account);
    const r = await attemptLogin(limiter, a, 'correct horse', account);
    expect(r.ok && r.rehash).toMatch(/^scrypt\$4096\$/);
    if (r.ok && r.rehash) expect(await verifyPassword('correct horse', r.rehash)).toBe(true);
    for (let i = 0; i < 4; i++) expect((await attemptLogin(limiter, a, 'wrong', account)).ok).toBe(false);
    expect((await attemptLogin(limiter, a, 'correct horse', account)).ok).toBe(true);
    // At today's cost: no rehash.
    const fresh = { username: 'x', passwordHash: await hashPassword('pw') };
    const again = await attemptLogin(limiter, { username: 'x', address: '10.0.0.2' }, 'pw', fresh);
    expect(again.ok && again.rehash).toBeUndefined();
  });

  it('an unknown account is refused like a wrong password', async () => {
    const r = await attemptLogin(new LoginLimiter(limits), { username: 'nobody', address: '10.0.0.1' }, 'pw', undefined);
    expect(r).toEqual({ ok: false, code: 'invalid-credentials' });
  });
});

describe('the client address behind trusted proxies (a real server)', () => {
  let server: ServerType;
  let base: string;
  const seen = (proxies: string[]) => {
    const p = new TrustedProxies(proxies);
    return (c: Parameters<TrustedProxies['clientAddress']>[0]) => c.text(p.clientAddress(c));
  };
  beforeAll(async () => {
    const app = new Hono();
    app.get('/none', seen([]));
    app.get('/local', seen(['127.0.0.1', '10.1.0.0/16']));
    app.post('/login', async (c) => loginRefusal(c, { ok: false, code: 'too-many-attempts', retryAfterSeconds: 42 }));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = async (path: string, xff?: string) => (await fetch(base + path, { headers: xff ? { 'x-forwarded-for': xff } : {} })).text();

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    expect(await get('/none', '203.0.113.7')).toBe('127.0.0.1');
  });

  it('takes the right-most address a trusted proxy did not add', async () => {
    expect(await get('/local', '203.0.113.7')).toBe('203.0.113.7');
    // The client wrote 198.51.100.1 itself; its proxy chain 10.1.2.3 is trusted.
    expect(await get('/local', '198.51.100.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    expect(await get('/local')).toBe('127.0.0.1');
    expect(await get('/local', 'not-an-address')).toBe('127.0.0.1');
  });

  it('answers a limited login 429 with Retry-After', async () => {
    const res = await fetch(`${base}/login`, { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too-many-attempts');
  });
});
