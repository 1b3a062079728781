import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * Case records, embassy intakes, links between them, and the access log. Columns named
 * `*_sealed` hold victim data sealed with the node's at-rest key; the rest is metadata.
 */
export const casesMigration: Migration = {
  name: '0004-cases',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('agreement', 'text', (c) => c.notNull())
      .addColumn('counterpart', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('machine', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text')
      .addColumn('consent_at', 'text')
      .addColumn('consent_sealed', 'text')
      .addColumn('persons_sealed', 'text')
      .execute();
    await db.schema.createIndex('cases_state').on('cases').columns(['state', 'opened_at']).execute();
    await db.schema.createIndex('cases_due').on('cases').column('due_at').execute();

    await db.schema
      .createTable('intakes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('details_sealed', 'text', (c) => c.notNull())
      .addColumn('consent_at', 'text')
      .addColumn('consent_sealed', 'text')
      .execute();

    // `source` is an intake's or a case's id; `target` is always a case.
    await db.schema
      .createTable('case_links')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_links_pk', ['source', 'target'])
      .execute();
    await db.schema.createIndex('case_links_target').on('case_links').column('target').execute();

    // Received envelopes a case must verify again later (the handover record's two signatures).
    await db.schema
      .createTable('case_envelopes')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_envelopes_case').on('case_envelopes').column('case_id').execute();

    await db.schema
      .createTable('access_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('user', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('what', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('access_log_case').on('access_log').columns(['case_id', 'seq']).execute();
    await db.schema.createIndex('access_log_user').on('access_log').columns(['user', 'seq']).execute();
  },
};
