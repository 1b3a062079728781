import type { Migration } from '@mou-hub/db';
import { sql } from 'kysely';
import { witnessMigration } from '../witness/witness-migration.ts';
import { durationsMigration } from './durations-migration.ts';

/** Schema steps, in order; names never change once shipped. */
export const migrations: readonly Migration[] = [
  {
    name: '0001-audit',
    async up(db) {
      await db.schema
        .createTable('envelopes')
        .addColumn('stream_seq', 'integer', (c) => c.primaryKey())
        .addColumn('stream_time', 'text', (c) => c.notNull())
        .addColumn('subject_to', 'text')
        .addColumn('subject_from', 'text')
        .addColumn('envelope_hash', 'text', (c) => c.notNull())
        .addColumn('kid', 'text')
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('check_code', 'text')
        .addColumn('id', 'text')
        .addColumn('type', 'text')
        .addColumn('agreement', 'text')
        .addColumn('from_agency', 'text')
        .addColumn('to_agency', 'text')
        .addColumn('thid', 'text')
        .addColumn('reply_to', 'text')
        .addColumn('created', 'text')
        .addColumn('skew_ms', 'integer')
        .addColumn('skew_flag', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('stats', 'text')
        .addColumn('for_id', 'text')
        .addColumn('outcome', 'text')
        .addColumn('receipt_envelope', 'text')
        .execute();
      await db.schema.createIndex('envelopes_id').on('envelopes').column('id').execute();
      await db.schema.createIndex('envelopes_for').on('envelopes').column('for_id').execute();
      await db.schema.createIndex('envelopes_thid').on('envelopes').column('thid').execute();

      await db.schema
        .createTable('cases')
        .addColumn('thid', 'text', (c) => c.primaryKey())
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('opener_type', 'text', (c) => c.notNull())
        .addColumn('initiator', 'text', (c) => c.notNull())
        .addColumn('responder', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();

      await db.schema
        .createTable('case_steps')
        .addColumn('thid', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('instance', 'integer', (c) => c.notNull())
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('starts_type', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('calendar_ms', 'integer', (c) => c.notNull())
        .addColumn('net_ms', 'integer', (c) => c.notNull())
        .addColumn('business_ms', 'integer', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('case_steps_pk', ['thid', 'step', 'instance'])
        .execute();
      // Open steps are few and the overdue and stall reports ask for them alone.
      await sql`create index case_steps_open on case_steps (agreement, step) where status = 'open'`.execute(db);

      await db.schema
        .createTable('turnaround_cells')
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('starts_type', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('within_count', 'integer', (c) => c.notNull())
        .addColumn('durations', 'text', (c) => c.notNull())
        .addColumn('business', 'text', (c) => c.notNull())
        .addColumn('median_ms', 'integer', (c) => c.notNull())
        .addColumn('p90_ms', 'integer', (c) => c.notNull())
        .addColumn('max_ms', 'integer', (c) => c.notNull())
        .addColumn('median_business_ms', 'integer', (c) => c.notNull())
        .addColumn('p90_business_ms', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('turnaround_cells_pk', ['agreement', 'starts_type', 'step', 'month'])
        .execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('file_hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('returns')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('live', 'imported')`))
        .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
        .addColumn('thid', 'text')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('gender', 'text', (c) => c.notNull())
        .addColumn('minor', 'integer')
        .addColumn('age_band', 'text')
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('returns_agreement_year').on('returns').columns(['agreement', 'year']).execute();
    },
  },
  {
    // The case's human reference (envelope `ref`, issue 15): the dashboard names cases by it.
    name: '0002-case-ref',
    async up(db) {
      await db.schema.alterTable('envelopes').addColumn('ref', 'text').execute();
      await db.schema.alterTable('cases').addColumn('ref', 'text').execute();
    },
  },
  witnessMigration,
  durationsMigration,
];
