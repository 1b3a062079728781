import { jsonErrors, requestLogger, type KitVariables, type Logger, type TokenIssuer } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import type { DirectoryCore } from '../core.ts';
import type { VersionStore } from '../store/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { authRoutes, type AdminAccount } from './auth-routes.ts';
import { publicRoutes } from './public-routes.ts';

/** What the HTTP layer needs. */
export interface AppDeps {
  core: DirectoryCore;
  store: VersionStore;
  tokens: TokenIssuer;
  tokenTtlSeconds: number;
  admins: readonly AdminAccount[];
  cacheMaxAgeSeconds: number;
  natsConnected: () => boolean;
  log: Logger;
}

/**
 * The directory service's Hono app: public reads, admin login, admin changes, JSON errors.
 *
 * @example
 * serve({ fetch: directoryApp(deps).fetch, port: 0 });
 */
export function directoryApp(deps: AppDeps): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  jsonErrors(app, deps.log);
  app.use('*', requestLogger(deps.log));
  app.route('/', publicRoutes(deps));
  app.route('/api/v1/auth', authRoutes(deps.tokens, deps.admins, deps.tokenTtlSeconds));
  app.route('/api/v1', adminRoutes(deps.core, deps.tokens));
  return app;
}
