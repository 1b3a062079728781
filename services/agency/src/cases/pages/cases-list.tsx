import { Hono } from 'hono';
import * as v from 'valibot';
import { requireSession } from '@mou-hub/service-kit';
import { CASE_KINDS, CONSULAR_STATES, INVESTIGATION_STATES, REPATRIATION_STATES } from '@mou-hub/workflows';
import { agencyName } from '@mou-hub/web-kit';
import { recordAccess } from '../../access-log/access-store.ts';
import { listCases, type CaseRow } from '../case-store.ts';
import { caseLines, type CaseLine } from '../case-summaries.ts';
import { CaseListQuery } from '../http/case-schemas.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert } from '../../console/forms.tsx';
import { page } from '../../console/render.tsx';

const STATES = [...new Set([...REPATRIATION_STATES, ...INVESTIGATION_STATES, ...CONSULAR_STATES])];

/** Whether a case's earliest open step is past due. */
export const isOverdue = (due: string | null, now: Date): boolean => due !== null && Date.parse(due) < now.getTime();

/** The persons line of a case: the main person's name, how many more, a minor badge, urgency. */
export function PersonsLine({ pc, line }: { pc: PageContext; line: CaseLine | undefined }) {
  const { t } = pc;
  if (!line) return null;
  return (
    <>
      {line.name ? <span class="person-name">{line.name}</span> : null}
      {line.persons > 1 ? <span class="muted"> {t('cases.more', { count: line.persons - 1 })}</span> : null}
      {line.minor ? (
        <>
          {' '}
          <span class="badge minor">{t('cases.minor')}</span>
        </>
      ) : null}
      {line.urgent ? (
        <>
          {' '}
          <span class="badge urgent">{t('choice.urgency.urgent')}</span>
        </>
      ) : null}
    </>
  );
}

function Filters({ pc, q, counterparts }: { pc: PageContext; q: Record<string, string | undefined>; counterparts: { id: string; name: string }[] }) {
  const { t } = pc;
  return (
    <form method="get" action="/cases" class="filters">
      <label>
        {t('cases.kind')}
        <select name="kind">
          <option value="">{t('common.all')}</option>
          {CASE_KINDS.map((k) => (
            <option value={k} selected={q['kind'] === k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.state')}
        <select name="state">
          <option value="">{t('common.all')}</option>
          {STATES.map((s) => (
            <option value={s} selected={q['state'] === s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.counterpart')}
        <select name="counterpart">
          <option value="">{t('common.all')}</option>
          {counterparts.map((a) => (
            <option value={a.id} selected={q['counterpart'] === a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label class="inline">
        <input type="checkbox" name="overdue" value="true" checked={q['overdue'] === 'true'} /> {t('cases.overdueOnly')}
      </label>
      <button type="submit">{t('common.filter')}</button>
    </form>
  );
}

function CaseTable({ pc, items, now, lines, name }: { pc: PageContext; items: CaseRow[]; now: Date; lines: Map<string, CaseLine>; name: (id: string) => string }) {
  const { t } = pc;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('cases.id')}</th>
          <th scope="col">{t('cases.person')}</th>
          <th scope="col">{t('cases.kind')}</th>
          <th scope="col">{t('cases.state')}</th>
          <th scope="col">{t('cases.counterpart')}</th>
          <th scope="col">{t('cases.due')}</th>
          <th scope="col">{t('cases.opened')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr data-case={r.id}>
            <td>
              <a href={`/cases/${r.id}`}>{r.ref ?? t('case.noRef')}</a>
            </td>
            <td>
              <PersonsLine pc={pc} line={lines.get(r.id)} />
            </td>
            <td>{t(`kind.${r.kind}`)}</td>
            <td>
              <span class="badge state">{t(`state.${r.state}`, { defaultValue: r.state })}</span>
            </td>
            <td>{name(r.counterpart)}</td>
            <td>
              {pc.dateTime(r.due_at)} {isOverdue(r.due_at, now) ? <span class="badge overdue">{t('cases.overdue')}</span> : null}
            </td>
            <td>{pc.date(r.opened_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * `GET /cases`: the case list by reference, with the main person (a minor badge, urgency), state,
 * counterpart by name, due date and an overdue badge; the API's filters.
 */
export function caseListPage(deps: AppDeps) {
  return new Hono<{ Variables: PageVariables }>().get('/', requireSession(deps.tokens, ACCESS.cases), async (c) => {
    const pc = pageContext(c, deps.agency);
    const { t } = pc;
    // Empty filter fields are no filter; the rest are checked as the API checks them.
    const given = Object.fromEntries(Object.entries(c.req.query()).filter(([k, val]) => val !== '' && k !== 'lang'));
    const parsed = v.safeParse(CaseListQuery, given);
    const now = new Date();
    const q = parsed.success ? parsed.output : { limit: 50, offset: 0 };
    const overdue = parsed.success && parsed.output.overdue ? parsed.output.overdue === 'true' : undefined;
    const { items, total } = await listCases(deps.db, { ...q, overdue, now: now.toISOString() });
    // The list names the persons: each case shown is a read of its personal data.
    const lines = await caseLines(deps.db, deps.atRest, items, now);
    if (items.length > 0) await recordAccess(deps.db, items.map((r) => ({ at: now.toISOString(), user: c.get('user').sub, case: r.id, what: 'case-list' })));
    const directory = deps.directory().snapshot;
    const name = (id: string) => agencyName(directory, id, pc.lang);
    const counterparts = directory.agencies.filter((a) => a.id !== deps.agency).map((a) => ({ id: a.id, name: name(a.id) }));
    return page(c, pc, t('cases.title'), (
      <>
        <Filters pc={pc} q={given} counterparts={counterparts} />
        <Alert text={parsed.success ? undefined : t('error.invalid-request')} />
        <p class="muted" role="status">
          {t('cases.count', { count: total })}
        </p>
        {items.length === 0 ? <p>{t('cases.empty')}</p> : <CaseTable pc={pc} items={items} now={now} lines={lines} name={name} />}
      </>
    ), parsed.success ? 200 : 400);
  });
}
