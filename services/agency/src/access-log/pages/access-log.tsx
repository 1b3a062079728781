import { Hono } from 'hono';
import { requireSession } from '@mou-hub/service-kit';
import { accessLogPage } from '../access-store.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageVariables } from '../../console/context.ts';
import { page } from '../../console/render.tsx';

/** `GET /access-log`: the supervisor's view of who read which case's personal data, and when. */
export function accessLogView(deps: AppDeps) {
  return new Hono<{ Variables: PageVariables }>().get('/', requireSession(deps.tokens, ACCESS.accessLog), async (c) => {
    const pc = pageContext(c, deps.agency);
    const { t } = pc;
    const caseId = c.req.query('case') || undefined;
    const user = c.req.query('user') || undefined;
    const { items } = await accessLogPage(deps.db, { case: caseId, user, limit: 200, offset: 0 });
    // Cases by their reference and what was read by its kind: never an id or a code on the page.
    const ids = [...new Set(items.map((e) => e.case).filter((id): id is string => !!id))];
    const refs = new Map(ids.length ? (await deps.db.selectFrom('cases').select(['id', 'ref']).where('id', 'in', ids).execute()).map((r) => [r.id, r.ref]) : []);
    const kind = (what: string) => t(`accessLog.kind.${what.split(':')[0]}`, { defaultValue: t('accessLog.kind.other') });
    return page(c, pc, t('accessLog.title'), (
      <>
        <form method="get" action="/access-log" class="filters">
          <label>
            {t('accessLog.case')}
            <input name="case" value={caseId} />
          </label>
          <label>
            {t('accessLog.user')}
            <input name="user" value={user} />
          </label>
          <button type="submit">{t('common.filter')}</button>
        </form>
        {items.length === 0 ? <p>{t('accessLog.empty')}</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accessLog.at')}</th>
                <th scope="col">{t('accessLog.user')}</th>
                <th scope="col">{t('accessLog.case')}</th>
                <th scope="col">{t('accessLog.what')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr>
                  <td>{pc.dateTime(e.at)}</td>
                  <td>{e.user}</td>
                  {/* A role change names an officer, not a case (issue 17). */}
                  <td>
                    {e.case ? (
                      e.what === 'intake' ? (
                        <a href={`/intakes/${e.case}`}>{t('case.intake')}</a>
                      ) : (
                        <a href={`/cases/${e.case}`}>{refs.get(e.case) ?? t('case.noRef')}</a>
                      )
                    ) : null}
                  </td>
                  <td data-what={e.what.split(':')[0]}>{kind(e.what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ));
  });
}
