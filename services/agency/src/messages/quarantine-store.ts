import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AgencyDatabase, QuarantineTable } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/** Bytes kept of a quarantined message nobody could be held to: enough to see what it was. */
export const JUNK_PREFIX_BYTES = 4_096;

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * What the quarantine keeps of the bytes received. A message whose signature verified is
 * evidence against a known sender: kept whole (it is within the size limit, or check 1 would
 * have failed). Anything else (unverifiable, or over the size limit) may be junk anyone sent
 * to fill the node's disk: only its first {@link JUNK_PREFIX_BYTES} bytes are kept, with
 * `truncated` set; the row's `envelope_hash` and `size` still describe the whole.
 *
 * @example
 * quarantinedRaw(bytes, { verified: false }); // { raw: '<first 4096 bytes as text>', truncated: 1 }
 */
export function quarantinedRaw(data: Uint8Array, problem: { verified: boolean }): { raw: string; truncated: 0 | 1 } {
  const keep = problem.verified ? data.byteLength : Math.min(data.byteLength, JUNK_PREFIX_BYTES);
  return { raw: decoder.decode(data.subarray(0, keep)), truncated: keep < data.byteLength ? 1 : 0 };
}

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
      .select(['seq', 'message_id', 'from_agency', 'kid', 'code', 'detail', 'verified', 'received_at', 'size', 'envelope_hash', 'truncated'])
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
