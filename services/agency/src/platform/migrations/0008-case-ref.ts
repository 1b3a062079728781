import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * A case's human reference (`LA-TH-2026-0042`, issue 15): kept on the case, and on the outbox
 * row of a thread's first message so the relay seals it into the envelope (`ref`).
 */
export const caseRefMigration: Migration = {
  name: '0008-case-ref',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('cases').addColumn('ref', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('ref', 'text').execute();
    await db.schema.createIndex('cases_ref').on('cases').column('ref').execute();
  },
};
