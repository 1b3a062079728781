import { Hono } from 'hono';
import * as v from 'valibot';
import { CSRF_FIELD, checkLoginCsrf, endSession, LOGIN_BODY_BYTES, limitBody, loginCsrfToken, requireSession, startSession } from '@mou-hub/service-kit';
import type { AppDeps } from '../../http/deps.ts';
import { LoginRequest } from '../../messages/http/schemas.ts';
import { clientAddress, logIn, logOut } from '../sessions.ts';
import { pageContext, type PageContext, type PageVariables } from '../../console/context.ts';
import { Alert, Field, fieldErrors, type FieldErrors } from '../../console/forms.tsx';
import { afterPost, page } from '../../console/render.tsx';

// Only a path on this node, never `//elsewhere`: a login must not become an open redirect.
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/');

function LoginForm({ pc, csrf, next, username, errors, alert }: { pc: PageContext; csrf: string; next: string; username?: string; errors?: FieldErrors; alert?: string }) {
  const { t } = pc;
  return (
    <form method="post" action="/login" class="stack" hx-boost="false">
      <Alert text={alert} />
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="next" value={next} />
      <Field name="username" label={t('login.username')} value={username} errors={errors} required autocomplete="username" />
      <Field name="password" type="password" label={t('login.password')} errors={errors} required autocomplete="current-password" />
      <button type="submit">{t('login.submit')}</button>
    </form>
  );
}

/**
 * `GET/POST /login` (fields `username`, `password` and the login CSRF token, which pairs the
 * form with its browser's cookie so another site cannot log a browser in) and `POST /logout`.
 */
export function loginPages(deps: AppDeps) {
  const secure = deps.secureCookies ?? true;
  return new Hono<{ Variables: PageVariables }>()
    .get('/login', (c) => {
      const pc = pageContext(c, deps.agency);
      const loggedOut = c.req.query('bye') !== undefined;
      return page(c, pc, pc.t('login.title'), (
        <>
          {loggedOut ? <p class="notice">{pc.t('login.loggedOut')}</p> : null}
          <LoginForm pc={pc} csrf={loginCsrfToken(c, { secure })} next={safeNext(c.req.query('next'))} />
        </>
      ));
    })
    .post('/login', limitBody(LOGIN_BODY_BYTES), async (c) => {
      const pc = pageContext(c, deps.agency);
      const form = await c.req.parseBody();
      checkLoginCsrf(c, form[CSRF_FIELD]);
      const csrf = loginCsrfToken(c, { secure });
      const next = safeNext(form['next']);
      const parsed = v.safeParse(LoginRequest, { username: form['username'], password: form['password'] });
      const username = typeof form['username'] === 'string' ? form['username'] : undefined;
      if (!parsed.success) {
        return page(c, pc, pc.t('login.title'), <LoginForm pc={pc} csrf={csrf} next={next} username={username} errors={fieldErrors(pc.t, parsed.issues)} alert={pc.t('error.invalid-request')} />, 400);
      }
      const outcome = await logIn(deps, { ...parsed.output, address: clientAddress(deps, c) });
      if (!outcome.ok) {
        const refused = <LoginForm pc={pc} csrf={csrf} next={next} username={username} alert={pc.t(`error.${outcome.code}`, { seconds: 'retryAfterSeconds' in outcome ? outcome.retryAfterSeconds : 0 })} />;
        if (outcome.code === 'invalid-credentials') return page(c, pc, pc.t('login.title'), refused, 401);
        c.header('retry-after', String(outcome.retryAfterSeconds));
        return page(c, pc, pc.t('login.title'), refused, outcome.code === 'busy' ? 503 : 429);
      }
      // Secure unless configured off: behind the TLS proxy the node itself sees plain http.
      startSession(c, outcome.token, { secure });
      return c.redirect(next, 303);
    })
    .post('/logout', requireSession(deps.tokens), async (c) => {
      await logOut(deps, c.get('user').sub);
      endSession(c);
      return afterPost(c, '/login?bye');
    });
}
