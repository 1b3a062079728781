import { sql, type Kysely } from 'kysely';
import type { Clock } from '../domain/case-clocks.ts';
import { cellFigures } from '../domain/turnaround.ts';
import type { AuditDb, CaseTable, ReturnTable } from './schema.ts';

/** `YYYY-MM` of an RFC 3339 instant. */
export const monthOf = (t: string): string => t.slice(0, 7);

const ENDED = new Set(['met', 'breached']);

/**
 * Writes a case and its clocks as just recomputed, dropping clocks it no longer has. A clock
 * that ends now (met or breached, not before) is added to its turnaround cell, so the
 * turnaround report reads small tables.
 *
 * `consular`: the home side's consular party, which owes the clocks marked `party: 'consular'`.
 *
 * @example
 * await saveCase(trx, caseRow, clocks);
 */
export async function saveCase(db: Kysely<AuditDb>, row: CaseTable, clocks: readonly Clock[], consular?: string): Promise<void> {
  await db
    .insertInto('cases')
    .values(row)
    .onConflict((oc) => oc.column('thid').doUpdateSet({ ref: row.ref, state: row.state, urgent: row.urgent, last_at: row.last_at, closed_at: row.closed_at }))
    .execute();
  const before = await db.selectFrom('case_steps').select(['step', 'instance', 'status']).where('thid', '=', row.thid).execute();
  const was = new Map(before.map((b) => [`${b.step}#${b.instance}`, b.status]));
  for (const c of clocks) {
    const values = {
      thid: row.thid,
      step: c.step,
      instance: c.instance,
      agreement: row.agreement,
      starts_type: c.startsType,
      side: c.side,
      // The agency that owed it: its side's focal point, or the home side's consular party (issue 16).
      agency: c.party === 'consular' && consular ? consular : c.side === 'initiator' ? row.initiator : row.responder,
      country: c.country,
      started_at: c.startedAt,
      due_at: c.dueAt ?? null,
      ended_at: c.endedAt ?? null,
      status: c.status,
      calendar_ms: c.calendarMs,
      net_ms: c.netMs,
      business_ms: c.businessMs,
      paused: c.paused ? 1 : 0,
    };
    const { thid, step, instance, ...rest } = values;
    await db.insertInto('case_steps').values(values).onConflict((oc) => oc.columns(['thid', 'step', 'instance']).doUpdateSet(rest)).execute();
    const previous = was.get(`${c.step}#${c.instance}`);
    was.delete(`${c.step}#${c.instance}`);
    if (ENDED.has(c.status) && !ENDED.has(previous ?? '')) await addToCell(db, row.agreement, c);
  }
  // Clocks the case no longer has (its opener was refused after all) stop counting as open.
  for (const key of was.keys()) {
    const [step, instance] = key.split('#') as [string, string];
    await db.deleteFrom('case_steps').where('thid', '=', row.thid).where('step', '=', step).where('instance', '=', Number(instance)).execute();
  }
}

type CellKey = { agreement: string; starts_type: string; step: string; month: string };

/**
 * Adds one ended clock to its agreement × type × step × month cell: a row of durations, and the
 * cell's counts. A new cell's figures are this clock's; a cell that had clocks is marked stale,
 * its figures recomputed by {@link refreshStaleCells} once for all the clocks added meanwhile
 * (one clock's cost no longer grows with its month).
 */
export async function addToCell(db: Kysely<AuditDb>, agreement: string, c: Pick<Clock, 'step' | 'startsType' | 'startedAt' | 'status' | 'netMs' | 'businessMs'>): Promise<void> {
  const key: CellKey = { agreement, starts_type: c.startsType, step: c.step, month: monthOf(c.startedAt) };
  await db.insertInto('turnaround_durations').values({ ...key, net_ms: c.netMs, business_ms: c.businessMs }).execute();
  await db
    .insertInto('turnaround_cells')
    .values({ ...key, count: 1, within_count: c.status === 'met' ? 1 : 0, stale: 0, ...cellFigures([c.netMs], [c.businessMs]) })
    .onConflict((oc) =>
      oc.columns(['agreement', 'starts_type', 'step', 'month']).doUpdateSet((eb) => ({
        count: eb('turnaround_cells.count', '+', 1),
        within_count: eb('turnaround_cells.within_count', '+', eb.ref('excluded.within_count')),
        stale: 1,
      })),
    )
    .execute();
}

/** The cells whose figures lag their durations. */
function staleCells(db: Kysely<AuditDb>) {
  // A literal 1, not a parameter: only then may SQLite use the partial index `where stale = 1`.
  return db.selectFrom('turnaround_cells').select(['agreement', 'starts_type', 'step', 'month']).where('stale', '=', sql.lit(1)).execute();
}

/**
 * Recomputes the figures of every stale cell from its durations (sorted here: a cell is read
 * once for all the clocks added since its last refresh), in one transaction, and none when no
 * cell is stale. Answers how many cells it refreshed.
 *
 * @example
 * await refreshStaleCells(db);
 */
export async function refreshStaleCells(db: Kysely<AuditDb>): Promise<number> {
  if ((await staleCells(db)).length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const stale = await staleCells(trx);
    for (const key of stale) {
      const rows = await trx
        .selectFrom('turnaround_durations')
        .select(['net_ms', 'business_ms'])
        .where('agreement', '=', key.agreement)
        .where('starts_type', '=', key.starts_type)
        .where('step', '=', key.step)
        .where('month', '=', key.month)
        .execute();
      const net = Float64Array.from(rows, (r) => r.net_ms).sort();
      const business = Float64Array.from(rows, (r) => r.business_ms).sort();
      await trx
        .updateTable('turnaround_cells')
        .set({ ...cellFigures(net, business), count: rows.length, stale: 0 })
        .where('agreement', '=', key.agreement)
        .where('starts_type', '=', key.starts_type)
        .where('step', '=', key.step)
        .where('month', '=', key.month)
        .execute();
    }
    return stale.length;
  });
}

/** Replaces the live returns of a case (its completed handovers' counts). */
export async function saveLiveReturns(db: Kysely<AuditDb>, thid: string, rows: readonly Omit<ReturnTable, 'id' | 'source' | 'import_id' | 'thid'>[]): Promise<void> {
  await db.deleteFrom('returns').where('source', '=', 'live').where('thid', '=', thid).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('returns')
    .values(rows.map((r) => ({ ...r, source: 'live' as const, import_id: null, thid })))
    .execute();
}
