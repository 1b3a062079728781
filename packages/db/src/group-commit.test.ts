import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { GroupCommit } from './group-commit.ts';
import { openDatabase } from './open-database.ts';

interface TestDb {
  users: { username: string };
}

let dir: string;
let db: Kysely<TestDb>;
let close: () => Promise<void>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mou-group-commit-'));
  const database = openDatabase<TestDb>(join(dir, 'test.sqlite'));
  db = database.db;
  close = async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await db.schema.createTable('users').addColumn('username', 'text', (c) => c.primaryKey()).execute();
});
afterEach(() => close());

const user = (name: string) => (trx: Kysely<TestDb>) => trx.insertInto('users').values({ username: name }).execute().then(() => undefined);
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

  it('commitSoon: writes of the same turn share one transaction; later ones share the next; each sees the earlier', async () => {
    const commits = new GroupCommit(db);
    const seen: unknown[] = [];
    const counted = (name: string) => async (trx: Kysely<TestDb>) => {
      seen.push(trx);
      await user(name)(trx);
    };
    const first = [commits.commitSoon(counted('a')), commits.commitSoon(counted('b'))];
    expect(await names()).toEqual([]); // nothing before the event loop turns
    await Promise.all(first);
    expect(await names()).toEqual(['a', 'b']);
    expect(seen[0]).toBe(seen[1]);
    // A write reads what the writes queued before it in the same transaction wrote.
    let count = -1;
    const second = [
      commits.commitSoon(counted('c')),
      commits.commitSoon(async (trx) => {
        seen.push(trx);
        count = (await trx.selectFrom('users').select('username').execute()).length;
      }),
    ];
    await Promise.all(second);
    expect(count).toBe(3);
    expect(seen[2]).toBe(seen[3]);
    expect(seen[2]).not.toBe(seen[0]);
  });

  it('commitSoon: a write that throws rejects alone; the others of its group commit', async () => {
    const commits = new GroupCommit(db);
    const refused = new Error('case-step-refused');
    const a = commits.commitSoon(user('a'));
    const bad = commits.commitSoon(async (trx) => {
      await user('x')(trx);
      throw refused;
    });
    const c = commits.commitSoon(user('c'));
    await expect(bad).rejects.toBe(refused);
    await expect(Promise.all([a, c])).resolves.toBeDefined();
    expect(await names()).toEqual(['a', 'c']); // nothing of the refused write is left
  });

  it('commitSoon: at most 64 writes in one transaction, the rest in the next', async () => {
    const commits = new GroupCommit(db);
    const seen: unknown[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        commits.commitSoon(async (trx) => {
          seen.push(trx);
          await user(`u${String(i).padStart(3, '0')}`)(trx);
        }),
      ),
    );
    expect(new Set(seen.slice(0, 64)).size).toBe(1);
    expect(new Set(seen.slice(64)).size).toBe(1);
    expect(seen[64]).not.toBe(seen[0]);
    expect(await names()).toHaveLength(100);
  });
});
