import { HttpError } from '@mou-hub/service-kit';
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';

type Cell = string | number | boolean | null | undefined;

/**
 * Answers a report: JSON by default, CSV with `?format=csv` (the rows only, a header row
 * from the first row's keys; `filename` names the download).
 *
 * @example
 * return respond(c, 'turnaround', { rows });
 */
export function respond(c: Context, filename: string, payload: { rows: readonly object[] } & Record<string, unknown>): Response {
  const format = c.req.query('format') ?? 'json';
  if (format === 'json') return c.json(payload);
  if (format !== 'csv') throw new HttpError(400, 'invalid-request', 'format is json or csv', { issues: [{ path: 'format', kind: 'picklist', expected: '"json" | "csv"' }] });
  const rows = payload.rows as readonly Record<string, Cell>[];
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const text = stringify(rows.map((r) => columns.map((k) => r[k] ?? '')), { header: true, columns, cast: { boolean: (b) => String(b) } });
  c.header('content-disposition', `attachment; filename="${filename}.csv"`);
  return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8' });
}
