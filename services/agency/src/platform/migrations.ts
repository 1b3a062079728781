import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';
import { directoryStateQuarantineMigration } from './migrations/0002-directory-state-quarantine.ts';
import { usersSessionsMigration } from './migrations/0003-users-sessions.ts';
import { casesMigration } from './migrations/0004-cases.ts';
import { attachmentsMigration } from './migrations/0005-attachments.ts';
import { translationsMigration } from './migrations/0006-translations.ts';
import { userSourceMigration } from './migrations/0007-user-source.ts';
import { caseRefMigration } from './migrations/0008-case-ref.ts';
import { evidenceMigration } from './migrations/0009-evidence.ts';
import { roleGrantsMigration } from './migrations/0010-role-grants.ts';
import { evidencePeersMigration } from './migrations/0011-evidence-peers.ts';
import { casePartiesMigration } from './migrations/0012-case-parties.ts';
import { directorySnapshotMigration } from './migrations/0013-directory-snapshot.ts';

/** The agency node's schema, in order. Never edit an applied migration: add one. */
export const migrations: readonly Migration[] = [
  {
    name: '0001-outbox-inbox-quarantine-users',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('to_agency', 'text', (c) => c.notNull())
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('thid', 'text', (c) => c.notNull())
        .addColumn('reply_to', 'text')
        .addColumn('lang', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('stats', 'text')
        .addColumn('expires', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('jws', 'text')
        .addColumn('envelope_hash', 'text')
        .addColumn('stream_seq', 'integer')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('problem_code', 'text')
        .addColumn('problem_detail', 'text')
        .addColumn('settled_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_thread').on('outbox').column('thid').execute();

      await db.schema
        .createTable('outbox_events')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('message_id', 'text', (c) => c.notNull().references('outbox.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('outbox_events_message').on('outbox_events').column('message_id').execute();

      await db.schema
        .createTable('inbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_agency', 'text', (c) => c.notNull())
        .addColumn('agreement', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('thid', 'text', (c) => c.notNull())
        .addColumn('reply_to', 'text')
        .addColumn('lang', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('expires', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('salt', 'text')
        .addColumn('stats', 'text')
        .addColumn('envelope_hash', 'text', (c) => c.notNull())
        .addColumn('stream_seq', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inbox_thread').on('inbox').column('thid').execute();
      await db.schema.createIndex('inbox_type_received').on('inbox').columns(['type', 'received_at']).execute();
      await db.schema.createIndex('inbox_envelope').on('inbox').column('envelope_hash').execute();

      await db.schema
        .createTable('quarantine')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('message_id', 'text')
        .addColumn('from_agency', 'text')
        .addColumn('kid', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('stream_seq', 'integer', (c) => c.notNull())
        .addColumn('envelope_hash', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      // One stream message is quarantined once, however often it is redelivered.
      await db.schema.createIndex('quarantine_stream_seq').unique().on('quarantine').column('stream_seq').execute();

      await db.schema
        .createTable('users')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text')
        .execute();
    },
  },
  directoryStateQuarantineMigration,
  usersSessionsMigration,
  casesMigration,
  attachmentsMigration,
  translationsMigration,
  userSourceMigration,
  caseRefMigration,
  evidenceMigration,
  roleGrantsMigration,
  evidencePeersMigration,
  casePartiesMigration,
  directorySnapshotMigration,
];
