import { HttpError, parseInput } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { returnsExport, suppressSmallCells, type FineReturnRow } from '../domain/k-anonymity.ts';
import { turnaroundRows } from '../domain/turnaround.ts';
import { integrity, reconciliation } from '../store/reconciliation.ts';
import { byAgency, caseClocksList, overdue, requestsTable, stalls, turnaroundCells } from '../store/reports.ts';
import { RETURN_DIMENSIONS, returnsTable, type ReturnDimension } from '../store/returns.ts';
import type { AuditDb } from '../store/schema.ts';
import { reportQuery } from './filters.ts';
import { respond } from './respond.ts';

/** What the report routes need. */
export interface ReportDeps {
  db: Kysely<AuditDb>;
  reconcileAfterMs: number;
  k: number;
}

const ReturnsQuery = v.object({
  agreement: v.optional(v.string()),
  by: v.optional(v.string(), 'year'),
  from: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number))),
  to: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number))),
  format: v.optional(v.picklist(['json', 'csv'])),
});

function dimensions(by: string): ReturnDimension[] {
  const dims = by.split(',').map((d) => d.trim()).filter(Boolean);
  const bad = dims.filter((d) => !(d in RETURN_DIMENSIONS));
  if (bad.length || new Set(dims).size !== dims.length) {
    throw new HttpError(400, 'invalid-request', 'by lists dimensions, each once', { issues: [{ path: 'by', kind: 'picklist', expected: Object.keys(RETURN_DIMENSIONS).join(' | ') }] });
  }
  return dims as ReturnDimension[];
}

/**
 * GET /reports/{turnaround,agencies,stalls,overdue,reconciliation,integrity,returns,requests},
 * GET /exports/{returns,requests} (k-anonymous) and GET /cases (the clocks behind a chart).
 * JSON, or CSV with `?format=csv`.
 *
 * @example
 * app.route('/api/v1', reportRoutes({ db, reconcileAfterMs: 600_000, k: 11 }));
 */
export function reportRoutes(deps: ReportDeps): Hono {
  const app = new Hono();
  const { db } = deps;

  app.get('/reports/turnaround', async (c) => respond(c, 'turnaround', { rows: turnaroundRows(await turnaroundCells(db, reportQuery(c))) }));
  app.get('/reports/agencies', async (c) => {
    const q = reportQuery(c);
    return respond(c, 'agencies', { rows: await byAgency(db, q, q.now) });
  });
  app.get('/reports/stalls', async (c) => {
    const q = reportQuery(c);
    return respond(c, 'stalls', { rows: await stalls(db, q, q.now) });
  });
  app.get('/reports/overdue', async (c) => {
    const q = reportQuery(c);
    return respond(c, 'overdue', { rows: await overdue(db, q, q.now) });
  });
  app.get('/reports/reconciliation', async (c) => {
    const q = reportQuery(c);
    return respond(c, 'reconciliation', await reconciliation(db, q, q.now, deps.reconcileAfterMs));
  });
  app.get('/reports/integrity', async (c) => respond(c, 'integrity', { rows: await integrity(db, reportQuery(c)) }));
  app.get('/reports/requests', async (c) => respond(c, 'requests', { rows: await requestsTable(db, reportQuery(c)) }));
  // Person counts: a cell under k would point at a few people, inside the hub too (issue 17).
  app.get('/reports/returns', async (c) => {
    const q = parseInput(ReturnsQuery, c.req.query(), 'query');
    const rows = (await returnsTable(db, dimensions(q.by), q)) as (Record<string, string | number | boolean | null> & { count: number })[];
    return respond(c, 'returns', { k: deps.k, rows: suppressSmallCells(rows, deps.k) });
  });
  app.get('/cases', async (c) => respond(c, 'cases', { rows: await caseClocksList(db, reportQuery(c)) }));

  app.get('/exports/returns', async (c) => {
    const q = parseInput(ReturnsQuery, c.req.query(), 'query');
    const fine = (await returnsTable(db, ['year', 'agreement', 'gender', 'minor', 'ageBand'], q)) as unknown as FineReturnRow[];
    return respond(c, 'returns-export', { k: deps.k, rows: returnsExport(fine, deps.k) });
  });
  app.get('/exports/requests', async (c) => {
    const rows = await requestsTable(db, reportQuery(c));
    return respond(c, 'requests-export', { k: deps.k, rows: suppressSmallCells(rows.map((r) => ({ ...r, count: Number(r.count) })), deps.k) });
  });
  return app;
}
