import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { AgencyDatabase } from '../store/schema.ts';
import { openTestDatabase } from '../store/test-db.ts';
import { GroupCommit } from './group-commit.ts';

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

const user = (name: string) => (trx: Kysely<AgencyDatabase>) =>
  trx.insertInto('users').values({ username: name, password_hash: 'x', roles: '[]', display_name: null }).execute().then(() => undefined);
const names = async () => (await db.selectFrom('users').select('username').orderBy('username').execute()).map((r) => r.username);

describe('GroupCommit', () => {
  it('commits nothing until flushed, then everything queued at once', async () => {
    const commits = new GroupCommit(db);
    const a = commits.add(user('a'), ['id:a']);
    const b = commits.add(user('b'), ['id:b']);
    expect(await names()).toEqual([]);
    await commits.flush();
    await Promise.all([a, b]);
    expect(await names()).toEqual(['a', 'b']);
  });

  it('commits first when a read touches a queued key, and not otherwise', async () => {
    const commits = new GroupCommit(db);
    void commits.add(user('a'), ['thread:t1']);
    await commits.flushIfPending('thread:t2');
    expect(await names()).toEqual([]);
    await commits.flushIfPending('thread:t1');
    expect(await names()).toEqual(['a']);
  });

  it('keeps one failing write from holding back the others', async () => {
    const commits = new GroupCommit(db);
    const good = commits.add(user('a'), []);
    const bad = commits.add(user('a'), []); // the same primary key again
    const other = commits.add(user('c'), []);
    await commits.flush();
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow(/UNIQUE/);
    await expect(other).resolves.toBeUndefined();
    expect(await names()).toEqual(['a', 'c']);
  });
});
