import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './open-database.ts';
import { commitWithoutFsync } from './unsynced.ts';

interface Schema {
  notes: { id: number; text: string };
}

let dir: string;
let database: Database<Schema>;
const level = async (db: Kysely<any>) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mou-unsynced-'));
  database = openDatabase<Schema>(join(dir, 'test.sqlite'));
  await database.db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('text', 'text', (c) => c.notNull()).execute();
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('commitWithoutFsync', () => {
  it('commits at NORMAL, then puts the connection back to FULL; the write is there after the file is opened again', async () => {
    const seen = await commitWithoutFsync(database.db, async (trx) => {
      await trx.insertInto('notes').values({ id: 1, text: 'acked' }).execute();
      return level(trx);
    });
    expect(seen).toBe(1);
    expect(await level(database.db)).toBe(2);
    // An ordinary transaction still runs at FULL.
    expect(await database.db.transaction().execute((trx) => level(trx))).toBe(2);
    await database.close();
    database = openDatabase<Schema>(join(dir, 'test.sqlite'));
    expect(await database.db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, text: 'acked' }]);
  });

  it('rolls back a write that throws and still puts FULL back', async () => {
    await expect(
      commitWithoutFsync(database.db, async (trx) => {
        await trx.insertInto('notes').values({ id: 2, text: 'lost' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await level(database.db)).toBe(2);
    expect(await database.db.selectFrom('notes').selectAll().execute()).toEqual([]);
  });

  it('leaves a database opened at NORMAL at NORMAL', async () => {
    await database.close();
    database = openDatabase<Schema>(join(dir, 'test.sqlite'), { synchronous: 'NORMAL' });
    await commitWithoutFsync(database.db, (trx) => trx.insertInto('notes').values({ id: 3, text: 'x' }).execute());
    expect(await level(database.db)).toBe(1);
  });

  it('runs no other statement at the relaxed level: one queued meanwhile waits for the connection', async () => {
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const relaxed = commitWithoutFsync(database.db, async (trx) => {
      await trx.insertInto('notes').values({ id: 4, text: 'y' }).execute();
      inside();
      await held;
    });
    await entered;
    const other = database.db.transaction().execute((trx) => level(trx));
    release();
    await relaxed;
    expect(await other).toBe(2);
  });
});
