import { requireSession, ROLE, type HttpError, type TokenIssuer } from '@mou-hub/service-kit';
import { agencyName, agreementName, chooseLanguage, page, pageContext, type DirectoryNames, type PageContext, type PageVariables } from '@mou-hub/web-kit';
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import { CLOSE_STEP, RECEIPT_STEP } from '../../domain/case-clocks.ts';
import { turnaroundRows } from '../../domain/turnaround.ts';
import { byAgency, caseClocksList, overdue, stalls, turnaroundCells } from '../../store/reports.ts';
import { returnsTable } from '../../store/returns.ts';
import type { AuditDb } from '../../store/schema.ts';
import { AUDIT_AGENCY, type AuditLogin } from '../auth-routes.ts';
import { reportQuery } from '../filters.ts';
import { DASHBOARD_LANG, translator } from './i18n.ts';
import { dashboardLoginPages } from './login-pages.tsx';
import { Chart, dashboardFrame, hours, monthLabel, Table, type Reader } from './parts.tsx';
import { WitnessSection } from '../../witness/witness-section.tsx';
import { witnessOverview } from '../../witness/witness-store.ts';

/** The filters as a query string, to carry into links. */
const carry = (q: Record<string, string | undefined>, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...q, ...extra }).filter((e): e is [string, string] => !!e[1])).toString();

/**
 * The filters: agreements and agencies picked by their names in the reader's language (never
 * typed as codes), months as month inputs.
 */
function Filters({ reader, q }: { reader: Reader; q: Record<string, string | undefined> }) {
  const { pc, directory } = reader;
  const pick = (name: 'agreement' | 'agency', options: { value: string; label: string }[]) => (
    <label for={`f-${name}`}>
      {pc.t(`dashboard.filter.${name}`)}
      <select id={`f-${name}`} name={name}>
        <option value="">{pc.t('dashboard.filter.any')}</option>
        {options.map((o) => (
          <option value={o.value} selected={q[name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const month = (name: 'from' | 'to') => (
    <label for={`f-${name}`}>
      {pc.t(`dashboard.filter.${name}`)}
      <input id={`f-${name}`} name={name} type="month" value={q[name] ?? ''} />
    </label>
  );
  return (
    <form class="filters" method="get">
      {pick('agreement', directory.agreements.map((a) => ({ value: a.id, label: agreementName(pc.t, directory, a.id, pc.lang) })))}
      {pick('agency', directory.agencies.map((a) => ({ value: a.id, label: agencyName(directory, a.id, pc.lang) })))}
      {month('from')}
      {month('to')}
      <button type="submit">{pc.t('dashboard.filter.submit')}</button>
    </form>
  );
}

/**
 * The auditor's dashboard, in the console's look and languages (`@mou-hub/web-kit`):
 * GET/POST /dashboard/login and POST /dashboard/logout (login-pages.tsx), GET /dashboard (charts and tables,
 * filtered by agreement, agency and period), GET /dashboard/cases (the clocks behind a bar or a row).
 *
 * @example
 * app.route('/dashboard', dashboardPages({ db, tokens, login, directory }));
 */
export function dashboardPages(deps: {
  db: Kysely<AuditDb>;
  tokens: TokenIssuer;
  /** The auditors' one login (see auth-routes.ts). */
  login: AuditLogin;
  /** The signed directory now: agency and agreement names. */
  directory: () => { snapshot: DirectoryNames };
}): Hono<{ Variables: PageVariables }> {
  const app = new Hono<{ Variables: PageVariables }>();
  const { db } = deps;
  const session = requireSession(deps.tokens, [ROLE.auditor], { loginPath: '/dashboard/login' });
  const ctx = (c: Context<{ Variables: PageVariables }>) => pageContext(c, { agency: AUDIT_AGENCY, fallback: DASHBOARD_LANG, translator });
  const show = (c: Context<{ Variables: PageVariables }>, pc: PageContext, title: string, body: Parameters<typeof page>[3], status?: 200 | 401 | 429) =>
    page(c, pc, title, body, dashboardFrame(pc), status);

  app.use(chooseLanguage(DASHBOARD_LANG));
  app.route('/', dashboardLoginPages(deps));

  app.get('/', session, async (c) => {
    const pc = ctx(c);
    const { t } = pc;
    const reader: Reader = { pc, directory: deps.directory().snapshot };
    const q = reportQuery(c);
    const filters = { agreement: q.agreement, agency: q.agency, from: q.from, to: q.to };
    const cells = turnaroundRows(await turnaroundCells(db, q));
    // The receipt and close clocks time a whole case, not a step: the receipt's is shown as
    // delivery time, the close clock not at all (an open case is not a stalled step).
    const rows = cells.filter((r) => r.step !== RECEIPT_STEP && r.step !== CLOSE_STEP);
    const delivery = cells.filter((r) => r.step === RECEIPT_STEP);
    const words = (r: { agreement: string; step: string; month: string }) =>
      `${agreementName(t, reader.directory, r.agreement, pc.lang)} · ${t(`step.${r.step}`, { defaultValue: r.step })} · ${monthLabel(pc, r.month)}`;
    const returns = await returnsTable(db, ['year', 'gender'], { agreement: q.agreement });
    const years = [...new Set(returns.map((r) => String(r['year'])))];
    const genders = [...new Set(returns.map((r) => String(r['gender'])))];
    const count = (y: string, g: string) => Number(returns.find((r) => String(r['year']) === y && r['gender'] === g)?.['count'] ?? 0);
    const casesOf = (extra: Record<string, string>) => `/dashboard/cases?${carry(filters, extra)}`;
    // Three significant digits: minutes-long steps still show a bar (rounding to 0.1 h hid them).
    const round = (h: number | null) => (h === null ? 0 : Number(h.toPrecision(3)));
    return show(c, pc, t('dashboard.title'), (
      <>
        <Filters reader={reader} q={filters} />
        <h2>{t('dashboard.section.turnaround')}</h2>
        <Chart
          pc={pc}
          id="turnaround"
          title={t('dashboard.section.turnaround')}
          spec={{
            labels: rows.map(words),
            unit: t('dashboard.unit.hours'),
            datasets: [
              { label: t('dashboard.series.median'), data: rows.map((r) => round(hours(r.medianMs))) },
              { label: t('dashboard.series.p90'), data: rows.map((r) => round(hours(r.p90Ms))) },
            ],
            links: rows.map((r) => casesOf({ agreement: r.agreement, step: r.step, month: r.month })),
          }}
        />
        <Table
          reader={reader}
          rows={rows.map((r) => ({ ...r, medianHours: hours(r.medianMs), p90Hours: hours(r.p90Ms), maxHours: hours(r.maxMs) }))}
          columns={['step', 'agreement', 'type', 'month', 'count', 'medianHours', 'p90Hours', 'maxHours', 'withinDeadline']}
          link={(r) => casesOf({ agreement: String(r['agreement']), step: String(r['step']), month: String(r['month']) })}
        />
        <h2>{t('dashboard.section.delivery')}</h2>
        <Table
          reader={reader}
          rows={delivery.map((r) => ({ ...r, medianHours: hours(r.medianMs), p90Hours: hours(r.p90Ms), maxHours: hours(r.maxMs) }))}
          columns={['agreement', 'type', 'month', 'count', 'medianHours', 'p90Hours', 'maxHours']}
        />
        <h2>{t('dashboard.section.byAgency')}</h2>
        <Table
          reader={reader}
          rows={(await byAgency(db, q, q.now)).map((r) => ({ ...r, medianResponseHours: hours(r.medianResponseMs) }))}
          columns={['agency', 'answered', 'breached', 'medianResponseHours', 'overdueNow']}
          link={(r) => casesOf({ agency: String(r['agency']) })}
        />
        <h2>{t('dashboard.section.stalls')}</h2>
        <Table
          reader={reader}
          rows={(await stalls(db, q, q.now)).map((r) => ({ ...r, oldestOpenHours: hours(r.oldestOpenMs) }))}
          columns={['step', 'agreement', 'open', 'overdue', 'oldestOpenHours']}
          link={(r) => casesOf({ agreement: String(r['agreement']), step: String(r['step']), status: 'open' })}
        />
        <h2>{t('dashboard.section.overdue')}</h2>
        <Table reader={reader} rows={(await overdue(db, q, q.now)).map((r) => ({ ...r, case: r.ref }))} columns={['case', 'agreement', 'step', 'side', 'agency', 'dueAt', 'daysOver']} />
        <h2>{t('dashboard.section.returns')}</h2>
        <Chart
          pc={pc}
          id="returns"
          title={t('dashboard.section.returns')}
          spec={{
            labels: years.map((y) => monthLabel(pc, y)),
            unit: t('dashboard.unit.persons'),
            stacked: true,
            whole: true,
            datasets: genders.map((g) => ({ label: t(`dashboard.gender.${g}`, { defaultValue: g }), data: years.map((y) => count(y, g)) })),
          }}
        />
        <WitnessSection pc={pc} directory={reader.directory} overview={await witnessOverview(db)} />
      </>
    ));
  });

  app.get('/cases', session, async (c) => {
    const pc = ctx(c);
    const reader: Reader = { pc, directory: deps.directory().snapshot };
    const q = reportQuery(c);
    const rows = await caseClocksList(db, q);
    return show(c, pc, pc.t('dashboard.cases'), (
      <>
        <p>
          <a href={`/dashboard?${carry({ agreement: q.agreement, agency: q.agency, from: q.from, to: q.to })}`}>{pc.t('dashboard.back')}</a>
        </p>
        <Table
          reader={reader}
          rows={rows.map((r) => ({ ...r, case: r.ref, netHours: hours(r.netMs) }))}
          columns={['case', 'agreement', 'type', 'state', 'step', 'side', 'agency', 'startedAt', 'dueAt', 'endedAt', 'status', 'netHours']}
        />
      </>
    ));
  });
  return app;
}

/**
 * The page a browser gets for an error outside `/api/`: the code worded in the reader's
 * language (never the English message), and a way on.
 * @example jsonErrors(app, log, { page: dashboardErrorPage });
 */
export function dashboardErrorPage(c: Context, e: HttpError): Promise<Response> {
  const pc = pageContext(c as Context<{ Variables: PageVariables }>, { agency: AUDIT_AGENCY, fallback: DASHBOARD_LANG, translator });
  const text = pc.t(`error.${e.code}`, { defaultValue: pc.t('error.unknown', { code: e.code }) });
  return page(c, pc, pc.t('error.title'), (
    <>
      <p class="alert" role="alert">
        {text}
      </p>
      <p>
        <a href="/dashboard">{pc.t('dashboard.back')}</a>
      </p>
    </>
  ), dashboardFrame(pc), e.status);
}
