import { CSRF_FIELD, checkLoginCsrf, endSession, LOGIN_BODY_BYTES, limitBody, loginCsrfToken, requireSession, ROLE, startSession, type TokenIssuer } from '@mou-hub/service-kit';
import { afterPost, page, pageContext, type PageContext, type PageVariables } from '@mou-hub/web-kit';
import { Hono, type Context } from 'hono';
import { AUDIT_AGENCY, type AuditLogin } from '../auth-routes.ts';
import { DASHBOARD_LANG, translator } from './i18n.ts';
import { dashboardFrame } from './parts.tsx';

// Only a dashboard path, never `//elsewhere`: a login must not become an open redirect.
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/dashboard(?!\/\/)[^\s\\]*$/.test(next) ? next : '/dashboard');

function LoginForm({ pc, csrf, next, username, alert }: { pc: PageContext; csrf: string; next: string; username?: string; alert?: string }) {
  const { t } = pc;
  return (
    <form method="post" action="/dashboard/login" class="stack">
      {alert ? (
        <p class="alert" role="alert">
          {alert}
        </p>
      ) : null}
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="next" value={next} />
      <label for="f-username">
        {t('login.username')}
        <input id="f-username" name="username" value={username} required autocomplete="username" />
      </label>
      <label for="f-password">
        {t('login.password')}
        <input id="f-password" name="password" type="password" required autocomplete="current-password" />
      </label>
      <button type="submit">{t('login.submit')}</button>
    </form>
  );
}

/**
 * GET/POST /dashboard/login (the audit's one login: limited per username and client address
 * before any password is hashed; the form carries a login CSRF token) and POST /dashboard/logout
 * (CSRF; ends every token and session of the auditor).
 * @example app.route('/', dashboardLoginPages({ tokens, login }));
 */
export function dashboardLoginPages(deps: { tokens: TokenIssuer; login: AuditLogin }): Hono<{ Variables: PageVariables }> {
  const app = new Hono<{ Variables: PageVariables }>();
  const ctx = (c: Context<{ Variables: PageVariables }>) => pageContext(c, { agency: AUDIT_AGENCY, fallback: DASHBOARD_LANG, translator });
  const secure = deps.login.secureCookies;
  const form = (c: Context<{ Variables: PageVariables }>, pc: PageContext, props: { next: string; username?: string; alert?: string }, status?: 200 | 401 | 429 | 503) =>
    page(c, pc, pc.t('login.title'), <LoginForm pc={pc} csrf={loginCsrfToken(c, { secure })} {...props} />, dashboardFrame(pc), status);

  app.get('/login', (c) => {
    const pc = ctx(c);
    const bye = c.req.query('bye') !== undefined;
    const csrf = loginCsrfToken(c, { secure });
    return page(c, pc, pc.t('login.title'), (
      <>
        {bye ? <p class="notice">{pc.t('login.loggedOut')}</p> : null}
        <LoginForm pc={pc} csrf={csrf} next={safeNext(c.req.query('next'))} />
      </>
    ), dashboardFrame(pc));
  });
  app.post('/login', limitBody(LOGIN_BODY_BYTES), async (c) => {
    const pc = ctx(c);
    const body = await c.req.parseBody();
    checkLoginCsrf(c, body[CSRF_FIELD]);
    const username = String(body['username'] ?? '');
    const next = safeNext(body['next']);
    const r = await deps.login.logIn(c, username, String(body['password'] ?? ''));
    if (r.ok) {
      startSession(c, r.account.token, { secure });
      return c.redirect(next, 303);
    }
    if (r.code === 'invalid-credentials') return form(c, pc, { next, username, alert: pc.t(`error.${r.code}`) }, 401);
    c.header('retry-after', String(r.retryAfterSeconds));
    return form(c, pc, { next, username, alert: pc.t(`error.${r.code}`, { seconds: r.retryAfterSeconds }) }, r.code === 'busy' ? 503 : 429);
  });
  app.post('/logout', requireSession(deps.tokens, [ROLE.auditor], { loginPath: '/dashboard/login' }), (c) => {
    deps.login.logOut(c.get('user').sub);
    endSession(c);
    return afterPost(c, '/dashboard/login?bye');
  });
  return app;
}
