import { isBusinessType } from '@mou-hub/protocol';
import type { Kysely } from 'kysely';
import type { AuditDb, EnvelopeTable } from './schema.ts';

/**
 * Records a message's metadata once: a redelivery of the same stream sequence writes nothing
 * and answers false.
 *
 * @example
 * if (await insertEnvelope(trx, row)) await refreshCase(trx, row.thid);
 */
export async function insertEnvelope(db: Kysely<AuditDb>, row: EnvelopeTable): Promise<boolean> {
  const r = await db.insertInto('envelopes').values(row).onConflict((oc) => oc.column('stream_seq').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** A verified message of a case as the clocks need it. */
export type CaseRow = Pick<EnvelopeTable, 'id' | 'type' | 'agreement' | 'from_agency' | 'to_agency' | 'created' | 'stats' | 'reply_to' | 'ref'> & {
  id: string;
  type: string;
};

/** The verified business messages of a thread, in stream order (first copy of each id). */
export async function threadMessages(db: Kysely<AuditDb>, thid: string): Promise<CaseRow[]> {
  const rows = await db
    .selectFrom('envelopes')
    .select(['id', 'type', 'agreement', 'from_agency', 'to_agency', 'created', 'stats', 'reply_to', 'ref'])
    .where('thid', '=', thid)
    .where('check_code', 'is', null)
    .orderBy('stream_seq')
    .execute();
  const seen = new Set<string>();
  return rows.filter((r): r is CaseRow => {
    if (!r.id || !r.type || !isBusinessType(r.type) || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

/** Every agency a verified message went to: one, or more when a case's third party got its own envelope of it (issue 16). */
export async function recipientsOf(db: Kysely<AuditDb>, id: string): Promise<(string | null)[]> {
  const rows = await db.selectFrom('envelopes').select('to_agency').where('id', '=', id).where('check_code', 'is', null).orderBy('stream_seq').execute();
  return rows.map((r) => r.to_agency);
}

/** The verified receipts and problems answering some ids. */
export async function answersFor(db: Kysely<AuditDb>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('envelopes')
    .select(['for_id', 'type', 'outcome', 'created', 'from_agency', 'to_agency'])
    .where('for_id', 'in', ids)
    .where('check_code', 'is', null)
    .orderBy('stream_seq')
    .execute();
}

/** The thread of a message id, when the audit has seen it verified. */
export async function threadOf(db: Kysely<AuditDb>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('envelopes').select('thid').where('id', '=', id).where('check_code', 'is', null).executeTakeFirst();
  return row?.thid ?? undefined;
}
