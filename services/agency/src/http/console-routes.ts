import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { requireSession } from '@mou-hub/service-kit';
import type { AppDeps } from './deps.ts';
import { pagesFor } from './access.ts';
import { agencyName, assetRoutes } from '@mou-hub/web-kit';
import { attachmentPages } from '../attachments/pages/attachments.tsx';
import { chooseLanguage, type PageVariables } from '../console/context.ts';
import { casePages } from '../cases/pages/case-page.tsx';
import { evidenceRoutes } from '../evidence/http/evidence-routes.ts';
import { caseListPage } from '../cases/pages/cases-list.tsx';
import { loginPages } from '../users/pages/login.tsx';
import { newCasePages } from '../cases/pages/new-case.tsx';
import { quarantinePages } from '../messages/pages/quarantine.tsx';
import { userPages } from '../users/pages/users.tsx';
import { roleGrantPages } from '../users/pages/role-grants.tsx';
import { accessLogView } from '../access-log/pages/access-log.tsx';
import { translationQueuePage } from '../translations/pages/translation-queue.tsx';
import { intakePages } from '../intakes/pages/intakes.tsx';

export { errorPage } from '../console/error-page.tsx';
export { ACCESS, pagesFor } from './access.ts';

/**
 * The officer console, served by the node at `/`: server-rendered pages in the reader's
 * language that work without JavaScript (forms post and redirect); htmx makes them quicker.
 * @example app.route('/', consolePages(deps));
 */
export function consolePages(deps: AppDeps) {
  const app = new Hono<{ Variables: PageVariables }>();
  // Slow links at the posts: pages, CSS and htmx go gzipped (fonts are compressed already).
  app.use(compress());
  app.route('/assets', assetRoutes());
  app.use(chooseLanguage(deps.agency));
  // The frame names this agency as the directory does, in the reader's language.
  app.use(async (c, next) => {
    c.set('agencyName', agencyName(deps.directory().snapshot, deps.agency, c.get('lang')));
    await next();
  });
  app.route('/', loginPages(deps));
  app.get('/', requireSession(deps.tokens), (c) => c.redirect(pagesFor(c.get('user').roles)[0]?.href ?? '/login', 303));
  app.route('/cases/new', newCasePages(deps));
  app.route('/cases', caseListPage(deps));
  app.route('/cases', casePages(deps));
  app.route('/cases', evidenceRoutes(deps).console);
  app.route('/cases', attachmentPages(deps));
  app.route('/translations', translationQueuePage(deps));
  app.route('/intakes', intakePages(deps));
  app.route('/access-log', accessLogView(deps));
  app.route('/admin/users', userPages(deps));
  app.route('/admin/grants', roleGrantPages(deps));
  app.route('/quarantine', quarantinePages(deps));
  return app;
}
