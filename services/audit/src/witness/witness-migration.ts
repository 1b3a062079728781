import type { Kysely } from 'kysely';
import type { Migration } from '@mou-hub/db';

/** The witness's tables (issue 19): each log's last countersigned head, and the alarms. */
export const witnessMigration: Migration = {
  name: '0003-witness',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('witnessed_heads')
      .addColumn('log', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('head_jws', 'text', (c) => c.notNull())
      .addColumn('countersignature', 'text', (c) => c.notNull())
      .addColumn('witnessed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('witness_alarms')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('log', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('witnessed_size', 'integer')
      .addColumn('head_size', 'integer')
      .addColumn('head_jws', 'text', (c) => c.notNull())
      .execute();
  },
};
