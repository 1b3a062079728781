import { Hono, type Context } from 'hono';
import { requireSession } from '@mou-hub/service-kit';
import { decideGrant, pendingGrants, type RoleGrant } from '../role-grants.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Csrf } from '../../console/layout.tsx';
import { afterPost, page } from '../../console/render.tsx';

function GrantsView({ pc, grants, notice, alert }: { pc: PageContext; grants: RoleGrant[]; notice?: string | undefined; alert?: string | undefined }) {
  const { t } = pc;
  return (
    <>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {alert ? <p class="alert" role="alert">{alert}</p> : null}
      {grants.length === 0 ? (
        <p>{t('grants.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('grants.requestedBy')}</th>
              <th scope="col">{t('grants.requestedAt')}</th>
              <th scope="col">{t('grants.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr>
                <td>{g.username}</td>
                <td>{g.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>{g.requestedBy}</td>
                <td>{pc.dateTime(g.requestedAt)}</td>
                <td>
                  <form method="post" action={`/admin/grants/${g.id}/approve`} class="inline">
                    <Csrf pc={pc} />
                    <button type="submit">{t('grants.approve')}</button>
                  </form>
                  <form method="post" action={`/admin/grants/${g.id}/refuse`} class="inline">
                    <Csrf pc={pc} />
                    <button type="submit" class="secondary">{t('grants.refuse')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * `/admin/grants`: case roles an administrator asked for, which a supervisor approves or
 * refuses (never one for themself, never one they asked for). Every decision is access-logged.
 */
export function roleGrantPages(deps: AppDeps) {
  const supervisor = requireSession(deps.tokens, ACCESS.roleGrants);
  const show = async (c: Context<{ Variables: PageVariables }>, extra: { notice?: string; alert?: string } = {}, status: 200 | 403 | 404 = 200) => {
    const pc = pageContext(c, deps.agency);
    return page(c, pc, pc.t('grants.title'), <GrantsView pc={pc} grants={await pendingGrants(deps.db)} {...extra} />, status);
  };
  const decide = (approve: boolean) => async (c: Context<{ Variables: PageVariables }>) => {
    const id = Number(c.req.param('id'));
    const by = c.get('user').sub;
    const r = Number.isInteger(id) ? await decideGrant(deps.db, { id, by, approve, at: new Date().toISOString() }) : ({ ok: false, code: 'not-found' } as const);
    if (!r.ok) return show(c, { alert: pageContext(c, deps.agency).t(`error.${r.code}`) }, r.code === 'not-found' ? 404 : 403);
    deps.log.info({ by, username: r.username, roles: r.roles, approve }, approve ? 'role grant approved' : 'role grant refused');
    return afterPost(c, `/admin/grants?${approve ? 'approved' : 'refused'}=${encodeURIComponent(r.username)}`);
  };
  return new Hono<{ Variables: PageVariables }>()
    .get('/', supervisor, (c) => {
      const t = pageContext(c, deps.agency).t;
      const approved = c.req.query('approved');
      const refused = c.req.query('refused');
      const notice = approved ? t('grants.approved', { username: approved }) : refused ? t('grants.refused', { username: refused }) : undefined;
      return show(c, notice ? { notice } : {});
    })
    .post('/:id/approve', supervisor, decide(true))
    .post('/:id/refuse', supervisor, decide(false));
}
