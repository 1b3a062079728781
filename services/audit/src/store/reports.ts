import { sql, type Kysely } from 'kysely';
import { quantile } from '../domain/stats.ts';
import type { AuditDb } from './schema.ts';
import { refreshStaleCells } from './cases.ts';

/** Filters every report takes. */
export interface ReportFilter {
  agreement?: string | undefined;
  agency?: string | undefined;
  /** Period, inclusive: `YYYY-MM` or `YYYY-MM-DD`. */
  from?: string | undefined;
  to?: string | undefined;
}

// A `to` of `2026-03` must include the whole month: compare against its last instant.
const upper = (to: string) => `${to}\uffff`;

/**
 * Turnaround cells, filtered; the rows are aggregated in `domain/turnaround.ts`. Stale cells
 * (clocks added since the last refresh, at most a second ago under load) are recomputed first,
 * so a report's figures count every clock recorded.
 */
export async function turnaroundCells(db: Kysely<AuditDb>, f: ReportFilter & { type?: string | undefined; step?: string | undefined }) {
  await refreshStaleCells(db);
  let q = db
    .selectFrom('turnaround_cells')
    .select(['agreement', 'starts_type', 'step', 'month', 'count', 'within_count', 'median_ms', 'p90_ms', 'max_ms', 'median_business_ms', 'p90_business_ms']);
  if (f.agreement) q = q.where('agreement', '=', f.agreement);
  if (f.type) q = q.where('starts_type', '=', f.type);
  if (f.step) q = q.where('step', '=', f.step);
  if (f.from) q = q.where('month', '>=', f.from.slice(0, 7));
  if (f.to) q = q.where('month', '<=', f.to.slice(0, 7));
  return q.orderBy('agreement').orderBy('starts_type').orderBy('step').orderBy('month').execute();
}

function steps(db: Kysely<AuditDb>, f: ReportFilter) {
  let q = db.selectFrom('case_steps');
  if (f.agreement) q = q.where('agreement', '=', f.agreement);
  if (f.agency) q = q.where('agency', '=', f.agency);
  if (f.from) q = q.where('started_at', '>=', f.from);
  if (f.to) q = q.where('started_at', '<=', upper(f.to));
  return q;
}

/** Deadline clocks only: the receipt and close clocks have no deadline and no answer. */
const DEADLINE_ONLY = sql<boolean>`due_at is not null`;

/** Per answering agency: answered clocks, median response, overdue now. */
export async function byAgency(db: Kysely<AuditDb>, f: ReportFilter, now: Date) {
  const rows = await steps(db, f).select(['agency', 'status', 'net_ms', 'due_at', 'paused']).where(DEADLINE_ONLY).execute();
  const by = new Map<string, { answered: number[]; overdueNow: number; breached: number }>();
  for (const r of rows) {
    const a = by.get(r.agency) ?? { answered: [], overdueNow: 0, breached: 0 };
    if (r.status === 'met' || r.status === 'breached') a.answered.push(r.net_ms);
    if (r.status === 'breached') a.breached++;
    if (r.status === 'open' && !r.paused && r.due_at && Date.parse(r.due_at) < now.getTime()) a.overdueNow++;
    by.set(r.agency, a);
  }
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([agency, a]) => {
    const sorted = a.answered.sort((x, y) => x - y);
    return { agency, answered: sorted.length, breached: a.breached, medianResponseMs: quantile(sorted, 0.5) ?? null, overdueNow: a.overdueNow };
  });
}

/** Open clocks by agreement and step: how many, how many overdue, the oldest. */
export async function stalls(db: Kysely<AuditDb>, f: ReportFilter, now: Date) {
  // Deadline clocks only: an open case's close clock is not a stalled step.
  const rows = await steps(db, f).select(['agreement', 'step', 'started_at', 'due_at', 'paused']).where('status', '=', 'open').where(DEADLINE_ONLY).execute();
  const by = new Map<string, { agreement: string; step: string; ages: number[]; overdue: number }>();
  for (const r of rows) {
    const key = `${r.agreement}\u0000${r.step}`;
    const s = by.get(key) ?? { agreement: r.agreement, step: r.step, ages: [], overdue: 0 };
    s.ages.push(now.getTime() - Date.parse(r.started_at));
    if (!r.paused && r.due_at && Date.parse(r.due_at) < now.getTime()) s.overdue++;
    by.set(key, s);
  }
  return [...by.values()]
    .map((s) => {
      const ages = s.ages.sort((a, b) => a - b);
      return { agreement: s.agreement, step: s.step, open: ages.length, overdue: s.overdue, oldestOpenMs: ages[ages.length - 1] ?? 0, medianOpenMs: quantile(ages, 0.5) ?? 0 };
    })
    .sort((a, b) => b.oldestOpenMs - a.oldestOpenMs);
}

/** Open clocks past their deadline: case, agreement, step, whose side, days over. */
export async function overdue(db: Kysely<AuditDb>, f: ReportFilter, now: Date) {
  const rows = await steps(db, f)
    .select((eb) => ['thid', 'agreement', 'step', 'side', 'agency', 'started_at', 'due_at', eb.selectFrom('cases').select('ref').whereRef('cases.thid', '=', 'case_steps.thid').as('ref')])
    .where('status', '=', 'open')
    .where('paused', '=', 0)
    .where('due_at', '<', now.toISOString())
    .orderBy('due_at')
    .execute();
  return rows.map((r) => ({
    case: r.thid,
    ref: r.ref ?? null,
    agreement: r.agreement,
    step: r.step,
    side: r.side,
    agency: r.agency,
    startedAt: r.started_at,
    dueAt: r.due_at!,
    daysOver: Math.round(((now.getTime() - Date.parse(r.due_at!)) / 86_400_000) * 100) / 100,
  }));
}

/** The clocks behind a chart cell (the dashboard's links). */
export async function caseClocksList(db: Kysely<AuditDb>, f: ReportFilter & { step?: string | undefined; month?: string | undefined; status?: string | undefined }) {
  let q = db.selectFrom('case_steps').innerJoin('cases', 'cases.thid', 'case_steps.thid').select([
    'case_steps.thid as case',
    'cases.ref as ref',
    'case_steps.agreement as agreement',
    'cases.opener_type as type',
    'cases.state as state',
    'case_steps.step as step',
    'case_steps.side as side',
    'case_steps.agency as agency',
    'case_steps.started_at as startedAt',
    'case_steps.due_at as dueAt',
    'case_steps.ended_at as endedAt',
    'case_steps.status as status',
    'case_steps.net_ms as netMs',
    'case_steps.business_ms as businessMs',
    'case_steps.paused as paused',
  ]);
  if (f.agreement) q = q.where('case_steps.agreement', '=', f.agreement);
  if (f.agency) q = q.where('case_steps.agency', '=', f.agency);
  if (f.from) q = q.where('case_steps.started_at', '>=', f.from);
  if (f.to) q = q.where('case_steps.started_at', '<=', upper(f.to));
  if (f.step) q = q.where('case_steps.step', '=', f.step);
  if (f.month) q = q.where('case_steps.started_at', 'like', `${f.month}%`);
  if (f.status) q = q.where('case_steps.status', '=', f.status);
  return q.orderBy('case_steps.started_at').limit(1000).execute();
}

/** Requests by year × type × outcome (the case's state). */
export async function requestsTable(db: Kysely<AuditDb>, f: ReportFilter) {
  let q = db
    .selectFrom('cases')
    .select([sql<number>`cast(substr(opened_at, 1, 4) as integer)`.as('year'), 'opener_type as type', 'state as outcome', sql<number>`count(*)`.as('count')]);
  if (f.agreement) q = q.where('agreement', '=', f.agreement);
  if (f.agency) q = q.where((eb) => eb.or([eb('initiator', '=', f.agency!), eb('responder', '=', f.agency!)]));
  if (f.from) q = q.where('opened_at', '>=', f.from);
  if (f.to) q = q.where('opened_at', '<=', upper(f.to));
  return q.groupBy(['year', 'opener_type', 'state']).orderBy('year').orderBy('opener_type').orderBy('state').execute();
}
