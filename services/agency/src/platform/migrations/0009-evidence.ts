import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * The evidence log (issue 19): entries in log order with their leaf hashes, the heads the node
 * signed, and the witnesses' countersignatures. Entries are only ever inserted.
 */
export const evidenceMigration: Migration = {
  name: '0009-evidence',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('evidence_entries')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('thid', 'text')
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('leaf', 'blob', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evidence_entries_thid').on('evidence_entries').column('thid').execute();
    await db.schema
      .createTable('evidence_heads')
      .addColumn('size', 'integer', (c) => c.primaryKey())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('evidence_witness')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('witness', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evidence_witness_size').on('evidence_witness').column('size').execute();
  },
};
