import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appliedMigrations, migrate, MigrationError, type Migration } from './migrate.ts';
import { openDatabase, type Database } from './open-database.ts';

let dir: string;
let database: Database<any>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mou-db-'));
  database = openDatabase(join(dir, 'nested', 'test.sqlite'));
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const notes: Migration = {
  name: '0001-notes',
  up: (db: Kysely<any>) =>
    db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute(),
};
const tags: Migration = {
  name: '0002-tags',
  up: (db: Kysely<any>) =>
    db.schema
      .createTable('tags')
      .addColumn('note_id', 'integer', (c) => c.references('notes.id'))
      .execute(),
};

describe('openDatabase', () => {
  it('turns on WAL, FULL sync, busy timeout and foreign keys', () => {
    const { sqlite } = database;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('accepts NORMAL sync', async () => {
    const other = openDatabase(join(dir, 'normal.sqlite'), { synchronous: 'NORMAL' });
    expect(other.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    await other.close();
  });
});

describe('migrate', () => {
  it('applies missing migrations once, in order', async () => {
    expect(await migrate(database.db, [notes])).toEqual(['0001-notes']);
    expect(await migrate(database.db, [notes, tags])).toEqual(['0002-tags']);
    expect(await migrate(database.db, [notes, tags])).toEqual([]);
    expect(await appliedMigrations(database.db)).toEqual(['0001-notes', '0002-tags']);
    await expect(
      database.db.insertInto('tags').values({ note_id: 42 }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('rolls back a failing migration', async () => {
    const broken: Migration = {
      name: '0002-broken',
      up: async (db) => {
        await db.schema.createTable('half').addColumn('x', 'text').execute();
        throw new Error('boom');
      },
    };
    await migrate(database.db, [notes]);
    await expect(migrate(database.db, [notes, broken])).rejects.toMatchObject({
      code: 'migration-failed',
    });
    const tables = database.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name = 'half'")
      .all();
    expect(tables).toEqual([]);
    expect(await appliedMigrations(database.db)).toEqual(['0001-notes']);
  });

  it('refuses a database with a migration it does not know', async () => {
    await migrate(database.db, [notes, tags]);
    const error = await migrate(database.db, [notes]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('unknown-migration');
  });
});
