import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * Sessions that can be ended: each officer gets a token version (every token carries the
 * version it was issued under; a bump ends them all) and a `disabled` flag for officers removed
 * from the configuration (kept, so the access log still names them, but never let in again).
 */
export const usersSessionsMigration: Migration = {
  name: '0003-users-sessions',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('users').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};
