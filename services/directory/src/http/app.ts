import { jsonErrors, limitBody, requestLogger, type KitVariables, type Logger, type LoginLimiter, type MemorySessionVersions, type TokenIssuer, type TrustedProxies } from '@mou-hub/service-kit';
import { Hono } from 'hono';
import type { DirectoryCore } from '../core.ts';
import type { VersionStore } from '../store/index.ts';
import { adminRoutes } from './admin-routes.ts';
import { directoryOps } from './ops.ts';
import { authRoutes, type AdminAccount } from './auth-routes.ts';
import { publicRoutes } from './public-routes.ts';

/** What the HTTP layer needs. */
export interface AppDeps {
  core: DirectoryCore;
  store: VersionStore;
  tokens: TokenIssuer;
  tokenTtlSeconds: number;
  admins: readonly AdminAccount[];
  /** The administrators' token versions (logout). */
  versions: MemorySessionVersions;
  /** Failed logins per username and client address. */
  limiter: LoginLimiter;
  /** Whose X-Forwarded-For is believed. */
  proxies: TrustedProxies;
  cacheMaxAgeSeconds: number;
  natsConnected: () => boolean;
  log: Logger;
  /** Largest request body read, in bytes; 262144 (256 KiB) by default. */
  maxRequestBytes?: number;
}

/** Default request body limit: a directory change is a few KiB; 256 KiB leaves room and no more. */
export const DEFAULT_MAX_REQUEST_BYTES = 262_144;

/**
 * The directory service's Hono app: public reads, admin login, admin changes, JSON errors.
 *
 * @example
 * serve({ fetch: directoryApp(deps).fetch, port: 0 });
 */
export function directoryApp(deps: AppDeps): Hono<{ Variables: KitVariables }> {
  const app = new Hono<{ Variables: KitVariables }>();
  jsonErrors(app, deps.log);
  // Probes and figures first: timing covers every route, and a scrape is not logged as a request.
  directoryOps(app, deps);
  app.use('*', requestLogger(deps.log));
  const maxSize = deps.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  // Before any route reads (or scrypt hashes) a body: a flood of large bodies costs nothing but the refusal.
  app.use('*', limitBody(maxSize));
  app.route('/', publicRoutes(deps));
  app.route('/api/v1/auth', authRoutes(deps));
  app.route('/api/v1', adminRoutes(deps.core, deps.tokens));
  return app;
}
