import { sql, type Kysely } from 'kysely';

/** One schema step, applied once, in list order. */
export interface Migration {
  /** Unique and never renamed once shipped, e.g. `0001-outbox`. */
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/** Stable codes of {@link MigrationError}. */
export type MigrationErrorCode = 'unknown-migration' | 'duplicate-name' | 'migration-failed';

/**
 * The one error type of `@mou-hub/db`.
 *
 * @example
 * catch (e) { if (e instanceof MigrationError && e.code === 'unknown-migration') refuseToStart(); }
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Applies the migrations not yet in `schema_migrations`, in order, each in its own
 * transaction. Refuses to run when the database has one the list does not know (a newer
 * build ran on it). Returns the names it applied.
 *
 * @example
 * await migrate(db, [{ name: '0001-outbox', up: (db) => db.schema.createTable('outbox')…execute() }]);
 */
export async function migrate(db: Kysely<any>, migrations: readonly Migration[]): Promise<string[]> {
  const names = migrations.map((m) => m.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new MigrationError('duplicate-name', `migration ${twice} is listed twice`);

  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const rows = await db.selectFrom('schema_migrations').select('name').execute();
  const applied = new Set(rows.map((r: { name: string }) => r.name));
  const unknown = [...applied].filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new MigrationError('unknown-migration', `database has unknown migrations: ${unknown.join(', ')}`);
  }

  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    try {
      await db.transaction().execute(async (trx) => {
        await migration.up(trx);
        await trx
          .insertInto('schema_migrations')
          .values({ name: migration.name, applied_at: new Date().toISOString() })
          .execute();
      });
    } catch (error) {
      throw new MigrationError('migration-failed', `migration ${migration.name} failed: ${String(error)}`, {
        cause: error,
      });
    }
    done.push(migration.name);
  }
  return done;
}

/** Names in `schema_migrations`, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations order by applied_at, rowid`.execute(db);
  return rows.rows.map((r) => r.name);
}
