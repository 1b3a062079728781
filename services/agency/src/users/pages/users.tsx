import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ROLES, hashPassword, requireSession } from '@mou-hub/service-kit';
import { NewUser, Password, Roles } from '../user-schema.ts';
import { listUsers, setDisabled, setPassword, type UserSummary } from '../user-admin.ts';
import { changeRoles, createUserWithGrant } from '../role-grants.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ACCESS } from '../../http/access.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert, Field, fieldErrors, type FieldErrors } from '../../console/forms.tsx';
import { Csrf } from '../../console/layout.tsx';
import { afterPost, page } from '../../console/render.tsx';


// A multi-valued checkbox group arrives as a string (one box) or an array (several).
const list = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : typeof x === 'string' ? [x] : []);

function RoleBoxes({ pc, name, checked, errors }: { pc: PageContext; name: string; checked: readonly string[]; errors?: FieldErrors | undefined }) {
  return (
    <fieldset>
      <legend>{pc.t('users.roles')}</legend>
      {ROLES.map((r) => (
        <label class="inline">
          <input type="checkbox" name={name} value={r} checked={checked.includes(r)} /> {pc.t(`role.${r}`)}
        </label>
      ))}
      {errors?.['roles'] ? <span class="field-error">{errors['roles']}</span> : null}
    </fieldset>
  );
}

function UsersView({ pc, users, errors, notice, alert, draft }: { pc: PageContext; users: UserSummary[]; errors?: FieldErrors; notice?: string; alert?: string; draft?: Record<string, unknown> }) {
  const { t } = pc;
  return (
    <>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.resetPassword')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.username}</td>
              <td>{u.displayName ?? ''}</td>
              <td>
                <form method="post" action={`/admin/users/${u.username}/roles`} class="inline">
                  <Csrf pc={pc} />
                  <RoleBoxes pc={pc} name="roles" checked={u.roles} />
                  <button type="submit" class="secondary">{t('users.saveRoles')}</button>
                </form>
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.username}/${u.disabled ? 'enable' : 'disable'}`} class="inline">
                  <Csrf pc={pc} />
                  <span class="badge">{t(u.disabled ? 'users.disabled' : 'users.active')}</span>
                  <button type="submit" class="secondary">{t(u.disabled ? 'users.enable' : 'users.disable')}</button>
                </form>
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.username}/password`} class="inline">
                  <Csrf pc={pc} />
                  <label>
                    <span class="muted">{t('users.newPassword')}</span>
                    <input type="password" name="password" autocomplete="new-password" minlength={10} required />
                  </label>
                  <button type="submit" class="secondary">{t('users.resetPassword')}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.create')}</h2>
      <form method="post" action="/admin/users" class="stack">
        <Alert text={alert} />
        <Csrf pc={pc} />
        <Field name="username" label={t('users.username')} errors={errors} value={typeof draft?.['username'] === 'string' ? draft['username'] : undefined} required />
        <Field name="displayName" label={t('users.displayName')} errors={errors} value={typeof draft?.['displayName'] === 'string' ? draft['displayName'] : undefined} />
        <Field name="password" type="password" label={t('users.password')} errors={errors} required autocomplete="new-password" />
        <RoleBoxes pc={pc} name="roles" checked={list(draft?.['roles'])} errors={errors} />
        <button type="submit">{t('users.create')}</button>
      </form>
    </>
  );
}

/**
 * `/admin/users`: the administrator creates, disables, re-enables officers, resets passwords,
 * sets roles; never their own roles, and a new case role waits for a supervisor (`/admin/grants`).
 */
export function userPages(deps: AppDeps) {
  const admin = requireSession(deps.tokens, ACCESS.users);
  const show = async (c: Context<{ Variables: PageVariables }>, extra: { errors?: FieldErrors; notice?: string; alert?: string; draft?: Record<string, unknown> } = {}, status: 200 | 400 | 403 | 404 | 409 = 200) => {
    const pc = pageContext(c, deps.agency);
    return page(c, pc, pc.t('users.title'), <UsersView pc={pc} users={await listUsers(deps.db)} {...extra} />, status);
  };
  const done = (c: Context, username: string, what: 'created' | 'updated' | 'pending') => afterPost(c, `/admin/users?${what}=${encodeURIComponent(username)}`);
  const changed = async (c: Context<{ Variables: PageVariables }>, ok: boolean, username: string) => {
    if (ok) deps.log.info({ by: c.get('user').sub, username }, 'user changed');
    return ok ? done(c, username, 'updated') : show(c, { alert: pageContext(c, deps.agency).t('error.not-found') }, 404);
  };

  return new Hono<{ Variables: PageVariables }>()
    .get('/', admin, (c) => {
      const t = pageContext(c, deps.agency).t;
      const created = c.req.query('created');
      const updated = c.req.query('updated');
      const pending = c.req.query('pending');
      const notice = created
        ? t('users.created', { username: created })
        : updated
          ? t('users.updated', { username: updated })
          : pending
            ? t('users.pending', { username: pending })
            : undefined;
      return show(c, notice ? { notice } : {});
    })
    .post('/', admin, async (c) => {
      const t = pageContext(c, deps.agency).t;
      const form = await c.req.parseBody({ all: true });
      const draft = { username: form['username'], password: form['password'], roles: list(form['roles']), displayName: form['displayName'] || undefined };
      const parsed = v.safeParse(NewUser, draft);
      if (!parsed.success) return show(c, { errors: fieldErrors(t, parsed.issues), alert: t('error.invalid-request'), draft }, 400);
      const { password, ...user } = parsed.output;
      // Case roles of a new officer wait for a supervisor, as any grant does (separation of duties).
      const r = await createUserWithGrant(deps.db, { actor: c.get('user').sub, at: new Date().toISOString(), user: { ...user, passwordHash: await hashPassword(password) } });
      if (!r.ok) return show(c, { errors: { username: t(`error.${r.code}`) }, alert: t(`error.${r.code}`), draft }, 409);
      deps.log.info({ by: c.get('user').sub, username: user.username, pending: r.pending }, 'user created');
      return done(c, user.username, r.pending.length > 0 ? 'pending' : 'created');
    })
    .post('/:username/roles', admin, async (c) => {
      const form = await c.req.parseBody({ all: true });
      const parsed = v.safeParse(Roles, list(form['roles']));
      if (!parsed.success) return show(c, { alert: pageContext(c, deps.agency).t('field.missing') }, 400);
      const target = c.req.param('username');
      const r = await changeRoles(deps.db, { actor: c.get('user').sub, target, wanted: parsed.output, at: new Date().toISOString() });
      // Nobody changes their own roles; a new case role waits for a supervisor.
      if (!r.ok) return show(c, { alert: pageContext(c, deps.agency).t(`error.${r.code}`) }, r.code === 'own-roles' ? 403 : 404);
      deps.log.info({ by: c.get('user').sub, username: target, roles: r.now, pending: r.pending }, 'roles changed');
      return done(c, target, r.pending.length > 0 ? 'pending' : 'updated');
    })
    .post('/:username/password', admin, async (c) => {
      const form = await c.req.parseBody();
      const parsed = v.safeParse(Password, form['password']);
      if (!parsed.success) return show(c, { alert: fieldErrors(pageContext(c, deps.agency).t, parsed.issues)[''] ?? '' }, 400);
      return changed(c, await setPassword(deps.db, c.req.param('username'), await hashPassword(parsed.output)), c.req.param('username'));
    })
    .post('/:username/disable', admin, async (c) => changed(c, await setDisabled(deps.db, c.req.param('username'), true), c.req.param('username')))
    .post('/:username/enable', admin, async (c) => changed(c, await setDisabled(deps.db, c.req.param('username'), false), c.req.param('username')));
}
