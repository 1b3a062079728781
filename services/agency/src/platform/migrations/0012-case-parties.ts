import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * A case with a third party (issue 16: the embassy beside la-mlsw in a la-cn repatriation).
 * `cases.parties`: the home side's consular party and focal point, and which of them this node
 * is (JSON; null for a two-party case). `outbox.copy_of`: a row that carries message `copy_of`
 * to one more party of its thread (its envelope has that id; the row's own id only keys the
 * row and the stream's de-duplication).
 */
export const casePartiesMigration: Migration = {
  name: '0012-case-parties',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('cases').addColumn('parties', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('copy_of', 'text').execute();
    await db.schema.createIndex('outbox_copy_of').on('outbox').column('copy_of').execute();
  },
};
