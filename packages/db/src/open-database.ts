import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { withStatementCache } from './statement-cache.ts';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * `FULL` (default) fsyncs the WAL on every commit, so a receipt sent after a commit is
   * never for data a power cut can take back. `NORMAL` is faster and only risks the last
   * commits on power loss (never corruption).
   */
  synchronous?: 'NORMAL' | 'FULL';
}

/** An open SQLite database. */
export interface Database<DB> {
  readonly db: Kysely<DB>;
  /** The raw handle, for pragmas and backups. */
  readonly sqlite: BetterSqlite3.Database;
  /** Closes kysely and the file. */
  close(): Promise<void>;
}

/**
 * Opens (creating it and its folder if needed) a SQLite file with WAL journaling,
 * synchronous FULL by default, a 5 s busy timeout and foreign keys on; kysely reuses prepared
 * statements (see `withStatementCache`).
 *
 * @example
 * const { db, close } = openDatabase<Schema>('./data/la-mlsw.sqlite');
 * await migrate(db, migrations);
 */
export function openDatabase<DB>(file: string, opts: OpenDatabaseOptions = {}): Database<DB> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite, close: () => db.destroy() };
}
