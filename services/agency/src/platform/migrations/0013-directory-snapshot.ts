import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * `directory_state.jws`: the signed snapshot of the version recorded there, so that a node whose
 * directory cannot be read at start (a post whose link is down) starts on it, verified again
 * against its pinned root (null on a row written before: that node waits for the directory).
 */
export const directorySnapshotMigration: Migration = {
  name: '0013-directory-snapshot',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('directory_state').addColumn('jws', 'text').execute();
  },
};
