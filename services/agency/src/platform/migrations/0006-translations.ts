import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * Translation jobs (one per document version and target language), each status they took,
 * and the translations themselves as versions of the document. The node keeps its own jobs and
 * a mirror of the other side's, fed by `translation.status` messages. Columns named `*_sealed`
 * hold text sealed with the node's at-rest key.
 */
export const translationsMigration: Migration = {
  name: '0006-translations',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('translation_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('held_by', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('thid', 'text', (c) => c.notNull())
      .addColumn('agreement', 'text', (c) => c.notNull())
      .addColumn('counterpart', 'text', (c) => c.notNull())
      .addColumn('document_kind', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .addColumn('source_lang', 'text', (c) => c.notNull())
      .addColumn('target_lang', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('translator', 'text')
      .addColumn('reviewer', 'text')
      .addColumn('due', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // One job per document version and target language at each holder.
    await db.schema
      .createIndex('translation_jobs_document')
      .unique()
      .on('translation_jobs')
      .columns(['held_by', 'document_kind', 'document_id', 'target_lang'])
      .execute();
    await db.schema.createIndex('translation_jobs_queue').on('translation_jobs').columns(['held_by', 'status', 'created_at']).execute();
    await db.schema.createIndex('translation_jobs_thread').on('translation_jobs').column('thid').execute();

    await db.schema
      .createTable('translation_events')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('job_id', 'text', (c) => c.notNull().references('translation_jobs.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text')
      .addColumn('note_sealed', 'text')
      .execute();
    await db.schema.createIndex('translation_events_job').on('translation_events').columns(['job_id', 'seq']).execute();

    await db.schema
      .createTable('translation_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('job_id', 'text', (c) => c.notNull().references('translation_jobs.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text_sealed', 'text')
      .addColumn('attachment', 'text')
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('translator', 'text')
      .addColumn('reviewer', 'text')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text')
      .execute();
    await db.schema.createIndex('translation_versions_job').unique().on('translation_versions').columns(['job_id', 'version']).execute();
  },
};
