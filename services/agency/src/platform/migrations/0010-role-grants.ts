import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * Case roles an administrator asked for, waiting for a supervisor's approval (issue 17):
 * nobody reads victims' data on one person's word.
 */
export const roleGrantsMigration: Migration = {
  name: '0010-role-grants',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('role_grants')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .execute();
    await db.schema.createIndex('role_grants_status').on('role_grants').columns(['status', 'id']).execute();
  },
};
