import { requireSession, ROLE, startSession, type SessionVariables, type TokenIssuer } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Kysely } from 'kysely';
import { turnaroundRows } from '../../domain/turnaround.ts';
import { byAgency, caseClocksList, overdue, stalls, turnaroundCells } from '../../store/reports.ts';
import { returnsTable } from '../../store/returns.ts';
import type { AuditDb } from '../../store/schema.ts';
import { auditorToken, login, type AuditorAccount } from '../auth-routes.ts';
import { reportQuery } from '../filters.ts';
import { chart, page, table } from './layout.ts';

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? '' : (ms / HOUR).toFixed(1));

/** The filters as a query string, to carry into links. */
const carry = (q: Record<string, string | undefined>, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...q, ...extra }).filter((e): e is [string, string] => !!e[1])).toString();

/**
 * The auditor's dashboard (server-rendered; the console issue gives it the shared look):
 * GET/POST /dashboard/login, GET /dashboard (charts and tables, filtered by agreement, agency
 * and period), GET /dashboard/cases (the clocks behind a bar or a row).
 *
 * @example
 * app.route('/dashboard', dashboardPages({ db, tokens, auditors }));
 */
export function dashboardPages(deps: { db: Kysely<AuditDb>; tokens: TokenIssuer; auditors: readonly AuditorAccount[] }): Hono<{ Variables: SessionVariables }> {
  const app = new Hono<{ Variables: SessionVariables }>();
  const { db } = deps;
  const session = requireSession(deps.tokens, [ROLE.auditor], { loginPath: '/dashboard/login' });

  app.get('/login', (c) =>
    c.html(page('Log in', html`<form method="post"><input type="hidden" name="next" value="${c.req.query('next') ?? '/dashboard'}">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button>Log in</button></form>`)),
  );
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const auditor = await login(deps.auditors, String(form['username'] ?? ''), String(form['password'] ?? ''));
    startSession(c, await auditorToken(deps.tokens, auditor), { secure: new URL(c.req.url).protocol === 'https:' });
    const next = String(form['next'] ?? '');
    return c.redirect(next.startsWith('/dashboard') ? next : '/dashboard', 303);
  });

  app.get('/', session, async (c) => {
    const q = reportQuery(c);
    const filters = { agreement: q.agreement, agency: q.agency, from: q.from, to: q.to };
    const rows = turnaroundRows(await turnaroundCells(db, q)).filter((r) => r.step !== 'close');
    const labels = rows.map((r) => `${r.agreement} ${r.step} ${r.month}`);
    const returns = await returnsTable(db, ['year', 'gender'], { agreement: q.agreement });
    const years = [...new Set(returns.map((r) => String(r['year'])))];
    const genders = [...new Set(returns.map((r) => String(r['gender'])))];
    const count = (y: string, g: string) => Number(returns.find((r) => String(r['year']) === y && r['gender'] === g)?.['count'] ?? 0);
    return c.html(
      page('Audit', html`
<form class="filters" method="get">
<label>Agreement <input name="agreement" value="${q.agreement ?? ''}" placeholder="la-th"></label>
<label>Agency <input name="agency" value="${q.agency ?? ''}" placeholder="la-mlsw"></label>
<label>From <input name="from" value="${q.from ?? ''}" placeholder="YYYY-MM"></label>
<label>To <input name="to" value="${q.to ?? ''}" placeholder="YYYY-MM"></label>
<button>Filter</button></form>
<h2>Turnaround (median and p90, hours, net of translation)</h2>
${chart('turnaround', {
  labels,
  unit: 'hours',
  datasets: [
    { label: 'median', data: rows.map((r) => Number(hours(r.medianMs))) },
    { label: 'p90', data: rows.map((r) => Number(hours(r.p90Ms))) },
  ],
  links: rows.map((r) => `/dashboard/cases?${carry(filters, { agreement: r.agreement, step: r.step, month: r.month })}`),
})}
${table(rows.map((r) => ({ ...r, medianHours: hours(r.medianMs), p90Hours: hours(r.p90Ms), maxHours: hours(r.maxMs), withinDeadline: `${Math.round(r.withinDeadline * 100)}%` })), ['step', 'agreement', 'type', 'month', 'count', 'medianHours', 'p90Hours', 'maxHours', 'withinDeadline'],
  (r) => `/dashboard/cases?${carry(filters, { agreement: String(r['agreement']), step: String(r['step']), month: String(r['month']) })}`)}
<h2>By answering agency</h2>
${table((await byAgency(db, q, q.now)).map((r) => ({ ...r, medianResponseHours: hours(r.medianResponseMs) })), ['agency', 'answered', 'breached', 'medianResponseHours', 'overdueNow'],
  (r) => `/dashboard/cases?${carry(filters, { agency: String(r['agency']) })}`)}
<h2>Stalls</h2>
${table((await stalls(db, q, q.now)).map((r) => ({ ...r, oldestOpenHours: hours(r.oldestOpenMs) })), ['step', 'agreement', 'open', 'overdue', 'oldestOpenHours'],
  (r) => `/dashboard/cases?${carry(filters, { agreement: String(r['agreement']), step: String(r['step']), status: 'open' })}`)}
<h2>Overdue</h2>
${table(await overdue(db, q, q.now), ['case', 'agreement', 'step', 'side', 'agency', 'dueAt', 'daysOver'])}
<h2>Persons returned by year and sex</h2>
${chart('returns', { labels: years, unit: 'persons', stacked: true, datasets: genders.map((g) => ({ label: g, data: years.map((y) => count(y, g)) })) })}
`),
    );
  });

  app.get('/cases', session, async (c) => {
    const q = reportQuery(c);
    const rows = await caseClocksList(db, q);
    return c.html(page('Cases', html`<p><a href="/dashboard?${carry({ agreement: q.agreement, agency: q.agency, from: q.from, to: q.to })}">Back</a></p>
${table(rows.map((r) => ({ ...r, netHours: hours(r.netMs) })), ['case', 'agreement', 'type', 'state', 'step', 'side', 'agency', 'startedAt', 'dueAt', 'endedAt', 'status', 'netHours'])}`));
  });
  return app;
}
