import { Hono } from 'hono';
import * as v from 'valibot';
import { endSession, requireSession, startSession } from '@mou-hub/service-kit';
import type { AppDeps } from '../../http/deps.ts';
import { LoginRequest } from '../../messages/http/schemas.ts';
import { clientAddress, logIn, logOut } from '../sessions.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert, Field, fieldErrors, type FieldErrors } from '../../console/forms.tsx';
import { afterPost, page } from '../../console/render.tsx';

// Only a path on this node, never `//elsewhere`: a login must not become an open redirect.
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/');

function LoginForm({ pc, next, username, errors, alert }: { pc: PageContext; next: string; username?: string; errors?: FieldErrors; alert?: string }) {
  const { t } = pc;
  return (
    <form method="post" action="/login" class="stack" hx-boost="false">
      <Alert text={alert} />
      <input type="hidden" name="next" value={next} />
      <Field name="username" label={t('login.username')} value={username} errors={errors} required autocomplete="username" />
      <Field name="password" type="password" label={t('login.password')} errors={errors} required autocomplete="current-password" />
      <button type="submit">{t('login.submit')}</button>
    </form>
  );
}

/** `GET/POST /login` (fields `username`, `password`) and `POST /logout`. */
export function loginPages(deps: AppDeps) {
  return new Hono<{ Variables: PageVariables }>()
    .get('/login', (c) => {
      const pc = pageContext(c, deps.agency);
      const loggedOut = c.req.query('bye') !== undefined;
      return page(c, pc, pc.t('login.title'), (
        <>
          {loggedOut ? <p class="notice">{pc.t('login.loggedOut')}</p> : null}
          <LoginForm pc={pc} next={safeNext(c.req.query('next'))} />
        </>
      ));
    })
    .post('/login', async (c) => {
      const pc = pageContext(c, deps.agency);
      const form = await c.req.parseBody();
      const next = safeNext(form['next']);
      const parsed = v.safeParse(LoginRequest, { username: form['username'], password: form['password'] });
      const username = typeof form['username'] === 'string' ? form['username'] : undefined;
      if (!parsed.success) {
        return page(c, pc, pc.t('login.title'), <LoginForm pc={pc} next={next} username={username} errors={fieldErrors(pc.t, parsed.issues)} alert={pc.t('error.invalid-request')} />, 400);
      }
      const outcome = await logIn(deps, { ...parsed.output, address: clientAddress(c) });
      if (!outcome.ok) {
        const refused = <LoginForm pc={pc} next={next} username={username} alert={pc.t(`error.${outcome.code}`, { seconds: 'retryAfterSeconds' in outcome ? outcome.retryAfterSeconds : 0 })} />;
        if (outcome.code === 'invalid-credentials') return page(c, pc, pc.t('login.title'), refused, 401);
        c.header('retry-after', String(outcome.retryAfterSeconds));
        return page(c, pc, pc.t('login.title'), refused, outcome.code === 'busy' ? 503 : 429);
      }
      startSession(c, outcome.token, { secure: new URL(c.req.url).protocol === 'https:' });
      return c.redirect(next, 303);
    })
    .post('/logout', requireSession(deps.tokens), async (c) => {
      await logOut(deps, c.get('user').sub);
      endSession(c);
      return afterPost(c, '/login?bye');
    });
}
