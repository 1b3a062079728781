import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../platform/test-db.ts';
import { createUser, listUsers, setPassword, setRoles } from './user-admin.ts';
import { findUser, syncUsers, tokenVersion } from './user-store.ts';

const config = [{ username: 'th.officer', passwordHash: 'scrypt$config', roles: ['liaison-officer'] }];
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

describe('a restart syncs the configuration\'s officers only (real SQLite)', () => {
  it('keeps an officer the administrator created, and the administrator\'s changes to a configured one', async () => {
    const t = await openTestDatabase();
    close = t.close;
    await syncUsers(t.db, config);
    expect(await createUser(t.db, { username: 'th.desk', passwordHash: 'scrypt$console', roles: ['liaison-officer'] })).toBe(true);
    await setRoles(t.db, 'th.officer', ['liaison-officer', 'supervisor']);
    await setPassword(t.db, 'th.officer', 'scrypt$reset');
    const version = await tokenVersion(t.db, 'th.officer');

    // The node starts again with the same configuration.
    await syncUsers(t.db, config);
    expect(await findUser(t.db, 'th.desk')).toMatchObject({ passwordHash: 'scrypt$console' });
    expect(await findUser(t.db, 'th.officer')).toMatchObject({ passwordHash: 'scrypt$reset', roles: ['liaison-officer', 'supervisor'] });
    expect(await tokenVersion(t.db, 'th.officer')).toBe(version);
  });

  it('still disables a configured officer the configuration no longer lists', async () => {
    const t = await openTestDatabase();
    close = t.close;
    await syncUsers(t.db, [...config, { username: 'th.gone', passwordHash: 'scrypt$x', roles: ['translator'] }]);
    await syncUsers(t.db, config);
    expect(await findUser(t.db, 'th.gone')).toBeUndefined();
    expect((await listUsers(t.db)).find((u) => u.username === 'th.gone')?.disabled).toBe(true);
  });
});
