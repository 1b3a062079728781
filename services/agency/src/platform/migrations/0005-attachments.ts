import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/** Attachments sent and received (metadata only: the files are ciphertext on disk), and the fetcher's inbox cursor. */
export const attachmentsMigration: Migration = {
  name: '0005-attachments',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attachments')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('thid', 'text', (c) => c.notNull())
      .addColumn('counterpart', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachments_pk', ['direction', 'name'])
      .execute();
    await db.schema.createIndex('attachments_thread').on('attachments').column('thid').execute();
    await db.schema.createIndex('attachments_due').on('attachments').columns(['state', 'next_attempt_at']).execute();
    await db.schema
      .createTable('attachment_scan')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('inbox_rowid', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('attachment_scan').values({ id: 1, inbox_rowid: 0 }).execute();
  },
};
