import type { Directory } from '@mou-hub/protocol';
import { jsonErrors, limitBody, requestLogger, requireAuth, ROLE, type KitVariables, type Logger, type TokenIssuer } from '@mou-hub/service-kit';
import { assetRoutes as pageAssets } from '@mou-hub/web-kit';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuditDb } from '../store/schema.ts';
import { authRoutes, type AuditLogin } from './auth-routes.ts';
import { assetRoutes } from './dashboard/assets.ts';
import { dashboardErrorPage, dashboardPages } from './dashboard/pages.tsx';
import { importRoutes } from './import-routes.ts';
import { auditOps, type AuditFigures } from './ops.ts';
import { openApiDocument } from './openapi.ts';
import { reportRoutes } from './report-routes.ts';

/** What the HTTP layer needs. */
export interface AppDeps {
  db: Kysely<AuditDb>;
  directory: () => Directory;
  tokens: TokenIssuer;
  tokenTtlSeconds: number;
  /** The auditors' one login (API and dashboard). */
  login: AuditLogin;
  reconcileAfterMs: number;
  k: number;
  /** Whether NATS and the consumer are up, for /readyz. */
  health: () => { nats: boolean; consuming: boolean; directoryVersion: number };
  /** The broker's figures for /metrics (consumer lag, stream fill); none in tests without them. */
  figures?: AuditFigures | undefined;
  log: Logger;
}

/** A request body anywhere but the import: a login form, a filter, a logout. */
export const MAX_REQUEST_BYTES = 64 * 1024;
const IMPORT_PATH = '/api/v1/import/returns';

/**
 * The audit service's Hono app: login, reports (auditor role), import, dashboard, OpenAPI.
 *
 * @example
 * serve({ fetch: auditApp(deps).fetch, port: 0 });
 */
export function auditApp(deps: AppDeps): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  jsonErrors(app, deps.log, { page: dashboardErrorPage });
  app.use('*', requestLogger(deps.log));
  // Every route but the CSV import (its own 16 MiB limit) takes at most 64 KiB, refused before it is read.
  const small = limitBody(MAX_REQUEST_BYTES);
  app.use('*', (c, next) => (c.req.path === IMPORT_PATH ? next() : small(c, next)));
  // /healthz (liveness), /readyz, /metrics, and request timing for every route below.
  auditOps(app, deps);
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.route('/api/v1/auth', authRoutes(deps.login, deps.tokens, deps.tokenTtlSeconds));
  app.use('/api/v1/reports/*', requireAuth(deps.tokens, [ROLE.auditor]));
  app.use('/api/v1/exports/*', requireAuth(deps.tokens, [ROLE.auditor]));
  app.use('/api/v1/cases', requireAuth(deps.tokens, [ROLE.auditor]));
  app.use('/api/v1/import/*', requireAuth(deps.tokens, [ROLE.auditor]));
  app.route('/api/v1', reportRoutes(deps));
  app.route('/api/v1', importRoutes(deps));
  // The console's stylesheet and fonts (web-kit), then Chart.js and the dashboard's script.
  app.route('/assets', pageAssets());
  app.route('/assets', assetRoutes());
  app.route('/dashboard', dashboardPages(deps));
  app.get('/', (c) => c.redirect('/dashboard'));
  return app;
}
