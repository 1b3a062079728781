import { sql, type Kysely } from 'kysely';
import { SEALED_PREFIX, type AtRest } from './at-rest.ts';
import type { AgencyDatabase } from './schema.ts';

/**
 * The columns that hold victim data, sealed at rest: bodies, quarantined bytes, a problem's
 * detail (the counterpart's free text about the case), and an attachment's plaintext digest
 * (unsalted: it would confirm a guessed file), a case's workflow state (the person refs the
 * bodies chose, which may be identity numbers).
 */
const SEALED_COLUMNS = [
  ['outbox', 'id', 'body'],
  ['inbox', 'id', 'body'],
  ['quarantine', 'seq', 'raw'],
  ['outbox', 'id', 'problem_detail'],
  ['attachments', 'rowid', 'digest'],
  ['cases', 'id', 'machine'],
] as const;

/**
 * Columns the node's database handle seals and opens itself (`sealedColumns`), because many
 * stores and pages read them: a case's workflow state, which holds the bodies' person refs.
 */
export const SEALED_STATE = { cases: ['machine'] } as const;

/**
 * Seals what a node from before encryption at rest stored in clear, then rewrites the file
 * (VACUUM) and empties the WAL so the old clear pages are gone from disk too. Run once at
 * start, after the migrations; a database with nothing in clear is left untouched. Drops the
 * JWE salts an older version kept (`inbox.salt`): with the body, a salt confirms a guessed name.
 * Answers how many values it sealed or dropped.
 */
export async function sealClearValues(db: Kysely<AgencyDatabase>, atRest: AtRest): Promise<number> {
  let sealed = 0;
  await db.transaction().execute(async (trx) => {
    for (const [table, key, column] of SEALED_COLUMNS) {
      const rows = await sql<{ k: string | number; v: string }>`
        select ${sql.ref(key)} as k, ${sql.ref(column)} as v from ${sql.table(table)}
        where substr(${sql.ref(column)}, 1, ${SEALED_PREFIX.length}) != ${SEALED_PREFIX}`.execute(trx);
      for (const r of rows.rows) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${atRest.seal(r.v)} where ${sql.ref(key)} = ${r.k}`.execute(trx);
      }
      sealed += rows.rows.length;
    }
    const salts = await trx.updateTable('inbox').set({ salt: null }).where('salt', 'is not', null).executeTakeFirst();
    sealed += Number(salts.numUpdatedRows);
  });
  if (sealed > 0) {
    await sql`vacuum`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  }
  return sealed;
}
