import { sql, type Kysely } from 'kysely';
import type { AuditDb, ReturnTable } from './schema.ts';

/** Dimensions the returns table can be cut by, and their columns. */
export const RETURN_DIMENSIONS = {
  year: 'year',
  agreement: 'agreement',
  gender: 'gender',
  minor: 'minor',
  ageBand: 'age_band',
  source: 'source',
} as const;
export type ReturnDimension = keyof typeof RETURN_DIMENSIONS;

/**
 * Persons returned, live and imported together, summed by the dimensions asked.
 *
 * @example
 * await returnsTable(db, ['year', 'gender'], { agreement: 'la-th' }); // [{ year: 2001, gender: 'Feminine', count: 41 }, …]
 */
export async function returnsTable(
  db: Kysely<AuditDb>,
  by: readonly ReturnDimension[],
  f: { agreement?: string | undefined; from?: number | undefined; to?: number | undefined },
): Promise<Record<string, string | number | boolean | null>[]> {
  const columns = by.map((d) => sql.ref(RETURN_DIMENSIONS[d]).as(d));
  let q = db.selectFrom('returns').select([...columns, sql<number>`sum(count)`.as('count')]);
  if (f.agreement) q = q.where('agreement', '=', f.agreement);
  if (f.from !== undefined) q = q.where('year', '>=', f.from);
  if (f.to !== undefined) q = q.where('year', '<=', f.to);
  const groups = by.map((d) => sql.ref(RETURN_DIMENSIONS[d]));
  if (groups.length) q = q.groupBy(groups);
  for (const g of groups) q = q.orderBy(g);
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows.map((r) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const d of by) out[d] = d === 'minor' ? (r[d] === null ? null : r[d] === 1) : (r[d] as string | number | null);
    out['count'] = Number(r['count']);
    return out;
  });
}

/** Imports a validated set of returned persons, all or nothing, marked with their import. */
export async function importReturns(
  db: Kysely<AuditDb>,
  rows: readonly Pick<ReturnTable, 'year' | 'agreement' | 'gender' | 'minor' | 'age_band'>[],
  meta: { by: string; fileHash: string; at: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const imp = await trx.insertInto('imports').values({ at: meta.at, by_user: meta.by, rows: rows.length, file_hash: meta.fileHash }).returning('id').executeTakeFirstOrThrow();
    // SQLite takes at most 32766 variables a statement: insert in chunks.
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('returns')
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, source: 'imported' as const, import_id: imp.id, thid: null, count: 1 })))
        .execute();
    }
    return imp.id;
  });
}
