import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

let dir: string;
let sqlite: BetterSqlite3.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mou-stmt-'));
  sqlite = new BetterSqlite3(join(dir, 'x.sqlite'));
});
afterEach(() => {
  if (sqlite.open) sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('withStatementCache', () => {
  it('prepares a statement once per SQL text, and again once dropped past the bound', () => {
    const db = withStatementCache(sqlite, 2);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    const b = db.prepare('select 2 as x');
    db.prepare('select 1 as x'); // a is now the most recent; b the least
    db.prepare('select 3 as x'); // drops b
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(db.prepare('select 2 as x')).not.toBe(b);
  });

  it('serves kysely: reused statements see later rows and a later schema change', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
    const all = () => db.selectFrom('t').selectAll().orderBy('id').execute();
    await db.insertInto('t').values({ id: 1 }).execute();
    expect(await all()).toEqual([{ id: 1 }]);
    await db.insertInto('t').values({ id: 2 }).execute(); // the same insert statement, reused
    await sql`alter table t add column note text`.execute(db);
    expect(await all()).toEqual([{ id: 1, note: null }, { id: 2, note: null }]);
    await expect(db.insertInto('t').values({ id: 2 }).execute()).rejects.toThrow(/UNIQUE/);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 3 }).execute();
    });
    expect((await all()).map((r) => r['id'])).toEqual([1, 2, 3]);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
