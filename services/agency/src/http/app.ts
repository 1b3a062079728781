import { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';
import { jsonErrors, limitBody, requestLogger, type KitVariables } from '@mou-hub/service-kit';
import type { AppDeps } from './deps.ts';
import { consolePages, errorPage } from './console-routes.ts';
import { accessLogRoutes } from '../access-log/http/access-routes.ts';
import { attachmentRoutes } from '../attachments/http/attachment-routes.ts';
import { authRoutes } from '../users/http/auth-routes.ts';
import { shedLoad } from './shed-load.ts';
import { caseRoutes } from '../cases/http/case-routes.ts';
import { evidenceRoutes } from '../evidence/http/evidence-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { inboxRoutes, quarantineRoutes } from '../messages/http/inbox-routes.ts';
import { intakeRoutes } from '../intakes/http/intake-routes.ts';
import { messageRoutes } from '../messages/http/message-routes.ts';
import { threadRoutes } from '../messages/http/thread-routes.ts';
import { translationRoutes } from '../translations/http/translation-routes.ts';

/** The console's attachment upload (`POST /cases/:id/attachments`), which bounds its own stream. */
const CONSOLE_UPLOAD = /^\/cases\/[^/]+\/attachments$/;

/**
 * The agency node's HTTP API v1 (every `/api/v1` route but login needs a bearer token) and its officer console.
 * @example serve({ fetch: createApp(deps).fetch, port: 8080 });
 */
export function createApp(deps: AppDeps): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  jsonErrors(app, deps.log, { page: errorPage(deps.agency) });
  app.use(requestLogger(deps.log));
  // Request timing by route; test apps built from part of the deps have no metrics.
  if (deps.metrics) app.use(deps.metrics.http);
  // Before anything else of the API: an overloaded node answers 503 without reading the request.
  app.use('/api/*', shedLoad(() => deps.overload?.(), { ...(deps.maxInFlight ? { maxInFlight: deps.maxInFlight } : {}), ...(deps.admitWrite ? { admitWrite: deps.admitWrite, writeRate: deps.writeRate } : {}) }));
  app.route('/api/v1/cases', attachmentRoutes(deps)); // before the body limit: uploads stream up to the attachment limit
  // Every other route, the console's included, reads at most maxRequestBytes, refused with 413
  // before it is read (an unauthenticated 400 MB POST /login costs nothing). The console's
  // upload form streams its file with its own cap (attachments/pages).
  const bounded = limitBody(deps.maxRequestBytes);
  app.use('*', (c, next) => (c.req.method === 'POST' && CONSOLE_UPLOAD.test(c.req.path) ? next() : bounded(c, next)));
  app.route('/', healthRoutes(deps));
  app.route('/api/v1/auth', authRoutes(deps));
  app.route('/api/v1/messages', messageRoutes(deps));
  app.route('/api/v1/inbox', inboxRoutes(deps));
  app.route('/api/v1/threads', threadRoutes(deps));
  app.route('/api/v1/quarantine', quarantineRoutes(deps));
  app.route('/api/v1/cases', evidenceRoutes(deps).api);
  app.route('/api/v1/cases', caseRoutes(deps));
  app.route('/api/v1/intakes', intakeRoutes(deps));
  app.route('/api/v1/access-log', accessLogRoutes(deps));
  app.route('/api/v1/translations', translationRoutes(deps));
  app.get(
    '/api/v1/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        info: {
          title: `mou-hub agency node (${deps.agency})`,
          version: '1.0.0',
          description: 'Send and follow signed, encrypted case messages between MOU agencies (PROTOCOL.md v1).',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
    }),
  );
  // The officer console: pages at `/`, after the API so `/api/*` never reaches them.
  app.route('/', consolePages(deps));
  return app;
}
