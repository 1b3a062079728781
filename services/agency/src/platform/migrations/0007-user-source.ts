import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * Who owns each officer: the node's configuration (`config`), or the administrator through the
 * console or the users CLI (`console`). A start syncs only the configuration's own officers, so
 * a restart never disables an officer the administrator created, nor undoes their changes.
 */
export const userSourceMigration: Migration = {
  name: '0007-user-source',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('source', 'text', (c) => c.notNull().defaultTo('config')).execute();
  },
};
