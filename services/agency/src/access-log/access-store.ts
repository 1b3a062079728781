import type { Kysely, Transaction } from 'kysely';
import type { AgencyDatabase } from '../platform/schema.ts';

type Db = Kysely<AgencyDatabase> | Transaction<AgencyDatabase>;

/**
 * One read of a case's personal data. `what` says which data: `case` (the case view),
 * `intake`, `thread`, `message:<id>` (one message body), `attachment:<name>`.
 */
export interface AccessEntry {
  at: string;
  user: string;
  case: string;
  what: string;
}

/**
 * Records reads of personal data in one statement (a page that shows several cases logs each).
 * @example await recordAccess(db, [{ at: new Date().toISOString(), user: 'th.officer', case: thid, what: 'case' }]);
 */
export async function recordAccess(db: Db, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('access_log')
    .values(entries.map((e) => ({ at: e.at, user: e.user, case_id: e.case, what: e.what })))
    .execute();
}

/** Filters and page of {@link accessLogPage}. */
export interface AccessQuery {
  case?: string | undefined;
  user?: string | undefined;
  limit: number;
  offset: number;
}

/** The access log, oldest first, filtered by case and user. */
export async function accessLogPage(db: Db, q: AccessQuery): Promise<{ items: AccessEntry[]; total: number }> {
  let base = db.selectFrom('access_log');
  if (q.case) base = base.where('case_id', '=', q.case);
  if (q.user) base = base.where('user', '=', q.user);
  const [rows, count] = await Promise.all([
    base.select(['at', 'user', 'case_id', 'what']).orderBy('seq').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ at: r.at, user: r.user, case: r.case_id, what: r.what })), total: Number(count.n) };
}
