import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AgencyDatabase, QuarantineTable } from './schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/**
 * Commits a failed message. Returns false when this stream message was already quarantined
 * (a redelivery after a crash between commit and ack).
 */
export async function insertQuarantine(db: Db, row: Insertable<QuarantineTable>): Promise<boolean> {
  const res = await db
    .insertInto('quarantine')
    .values(row)
    .onConflict((oc) => oc.column('stream_seq').doNothing())
    .executeTakeFirst();
  return (res.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Quarantined messages, newest first (their raw bytes stay in the database), and how many match. */
export async function listQuarantine(db: Db, page: { limit: number; offset: number; code?: string | undefined }) {
  let q = db.selectFrom('quarantine');
  if (page.code) q = q.where('code', '=', page.code);
  const [items, count] = await Promise.all([
    q
      .select(['seq', 'message_id', 'from_agency', 'kid', 'code', 'detail', 'verified', 'received_at', 'size', 'envelope_hash'])
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Quarantined messages by problem code, for metrics. */
export function quarantineCounts(db: Db) {
  return db
    .selectFrom('quarantine')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('code')
    .execute();
}
