import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogin } from '@mou-hub/service-kit';
import { openTestDatabase } from '../../platform/test-db.ts';
import { listUsers } from '../user-admin.ts';
import { findUser } from '../user-store.ts';
import { runUsersCli } from './users.ts';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUsersCli(t.db, argv, { out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => 'typed on stdin 123' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pnpm users', () => {
  it('adds an officer with a generated password printed once, then lists them', async () => {
    const r = await run('add', 'lo.translator', '--roles', 'translator', '--name', 'Translator One');
    expect(r.code).toBe(0);
    const password = /password: (\S+)$/.exec(r.out)![1]!;
    expect(await checkLogin(password, (await findUser(t.db, 'lo.translator'))!.passwordHash)).toBe(true);
    expect((await run('list')).out).toContain('lo.translator\ttranslator\tactive\tTranslator One');
  });

  it.each([
    [['add', 'lo.translator', '--roles', 'translator'], 1, 'exists'],
    [['add', 'Bad Name', '--roles', 'translator'], 1, 'username'],
    [['add', 'x.y', '--roles', 'wizard'], 1, 'roles'],
    [['roles', 'lo.translator', '--roles', 'wizard'], 1, 'known roles'],
    [['disable', 'nobody'], 1, 'no user nobody'],
    [['fly', 'x'], 2, 'usage'],
    [['disable'], 2, 'usage'],
  ])('refuses %j (exit %i)', async (argv, code, says) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(code);
    expect(r.err).toContain(says);
  });

  it('disables, re-enables, resets a password from stdin and changes roles, ending sessions each time', async () => {
    const version = async () => (await t.db.selectFrom('users').select('token_version').where('username', '=', 'lo.translator').executeTakeFirstOrThrow()).token_version;
    const before = await version();
    expect((await run('disable', 'lo.translator')).code).toBe(0);
    expect(await findUser(t.db, 'lo.translator')).toBeUndefined();
    expect((await run('enable', 'lo.translator')).code).toBe(0);
    expect((await run('reset-password', 'lo.translator', '--password-stdin')).out).toBe('new password for lo.translator');
    expect(await checkLogin('typed on stdin 123', (await findUser(t.db, 'lo.translator'))!.passwordHash)).toBe(true);
    expect((await run('roles', 'lo.translator', '--roles', 'translator,supervisor')).code).toBe(0);
    expect((await listUsers(t.db)).find((u) => u.username === 'lo.translator')?.roles).toEqual(['translator', 'supervisor']);
    // The operator's change is access-logged like every role change (issue 17).
    const logged = await t.db.selectFrom('access_log').select(['user', 'what']).where('what', '=', 'roles-set:lo.translator:translator,supervisor').execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.user).toMatch(/^cli:/);
    expect(await version()).toBe(before + 4);
  });
});
