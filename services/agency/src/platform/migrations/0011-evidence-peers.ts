import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/**
 * The counterparts' heads (issue 19): for each message this node exchanged, the counterpart's
 * signed head whose log includes it (proved), the last head seen of each counterpart's log, what
 * this node pushed to each, and the alarms when a counterpart's log contradicts what it showed.
 */
export const evidencePeersMigration: Migration = {
  name: '0011-evidence-peers',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('evidence_peer_heads')
      .addColumn('peer', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .addColumn('countersignatures', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('evidence_peer_inclusions')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('peer', 'text', (c) => c.notNull())
      .addColumn('envelope_hash', 'text', (c) => c.notNull())
      .addColumn('entry_index', 'integer', (c) => c.notNull())
      .addColumn('head_size', 'integer', (c) => c.notNull())
      .addColumn('head_root', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('evidence_peer_inclusions_hash').on('evidence_peer_inclusions').column('envelope_hash').execute();
    await db.schema
      .createTable('evidence_peer_pushes')
      .addColumn('peer', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('evidence_peer_alarms')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('peer', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .execute();
  },
};
