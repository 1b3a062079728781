import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenIssuer, hashForLog, hashPassword, LoginLimiter } from '@mou-hub/service-kit';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';
import { syncUsers, tokenVersion } from './user-store.ts';
import type { AppDeps } from '../http/deps.ts';
import { checkToken, logIn, logOut } from './sessions.ts';

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
let lines: string[];
let deps: AppDeps;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  await syncUsers(db, [{ username: 'somchai', passwordHash: await hashPassword('correct horse'), roles: ['liaison-officer'] }]);
  lines = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  deps = {
    agency: 'th-msdhs',
    db,
    log: pino({ level: 'info' }, sink),
    loginLimiter: new LoginLimiter({ perUsername: 2, perAddress: 10, windowSeconds: 60 }),
    tokens: createTokenIssuer({ secret: new Uint8Array(32).fill(7), issuer: 'th-msdhs', ttlSeconds: 60, sessions: { current: (sub) => tokenVersion(db, sub) } }),
  } as unknown as AppDeps;
});
afterEach(() => close());

const attempt = (username: string, password: string) => logIn(deps, { username, password, address: '10.0.0.1' });

describe('logIn, logOut, checkToken', () => {
  it('logs a refused username only as a hash (it may be a password typed in the wrong field)', async () => {
    expect(await attempt('correct horse', 'somchai')).toEqual({ ok: false, code: 'invalid-credentials' });
    const refused = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'login refused');
    expect(refused).toMatchObject({ user: hashForLog('correct horse'), address: '10.0.0.1' });
    expect(lines.join('\n')).not.toContain('correct horse');
  });

  it('limits failures before checking the password, and a token ends with logOut', async () => {
    const ok = await attempt('somchai', 'correct horse');
    if (!ok.ok) throw new Error('login failed');
    expect(await checkToken(deps, ok.token)).toEqual({ sub: 'somchai', roles: ['liaison-officer'], agency: 'th-msdhs' });
    await attempt('somchai', 'wrong 1');
    await attempt('somchai', 'wrong 2');
    expect(await attempt('somchai', 'correct horse')).toEqual({ ok: false, code: 'too-many-attempts', retryAfterSeconds: 60 });
    await logOut(deps, 'somchai');
    expect(await checkToken(deps, ok.token)).toBeUndefined();
  });

  it('refuses a disabled officer like a wrong password', async () => {
    await syncUsers(db, []);
    expect(await attempt('somchai', 'correct horse')).toEqual({ ok: false, code: 'invalid-credentials' });
  });
});
