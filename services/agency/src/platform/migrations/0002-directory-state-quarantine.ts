import { sql, type Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * The highest directory version this node accepted, kept across restarts so that an old
 * snapshot put back in KV cannot bring back revoked keys; and a flag on quarantined messages
 * whose raw bytes were cut to a bounded prefix (junk nobody signed, or oversize).
 */
export const directoryStateQuarantineMigration: Migration = {
  name: '0002-directory-state-quarantine',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('directory_state')
      // One row: the CHECK keeps it one.
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('issued', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .alterTable('quarantine')
      .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
