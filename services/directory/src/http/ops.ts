import { opsRoutes, scrapeGauge, serviceMetrics } from '@mou-hub/service-kit';
import type { Hono } from 'hono';
import type { DirectoryCore } from '../core.ts';

/** What the directory's probes and figures read. */
export interface DirectoryOpsDeps {
  core: DirectoryCore;
  natsConnected: () => boolean;
}

/**
 * `/healthz`, `/readyz` and `/metrics` of the directory service, and HTTP timing for every
 * route after it. Its own figures: the latest version, how long ago it was issued (the service
 * re-issues a quiet directory every 12 h, so an age past that means it stopped publishing), and
 * whether it is connected to NATS. Ready when the latest version reads and NATS is connected.
 *
 * @example
 * directoryOps(app, { core, natsConnected: () => bus.isConnected() });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function directoryOps<A extends Hono<any>>(app: A, deps: DirectoryOpsDeps): A {
  const metrics = serviceMetrics('directory');
  app.use('*', metrics.http);
  const { registry } = metrics;
  scrapeGauge(registry, 'mou_directory_version', 'Latest directory version this service holds', async () => (await deps.core.latest()).version);
  scrapeGauge(registry, 'mou_directory_issued_age_seconds', 'Seconds since the latest directory version was issued', async () =>
    (Date.now() - Date.parse((await deps.core.latest()).issued)) / 1000);
  scrapeGauge(registry, 'mou_nats_connected', '1 while the service is connected to NATS', () => (deps.natsConnected() ? 1 : 0));
  return opsRoutes(app, {
    service: 'directory',
    registry,
    async ready() {
      const row = await deps.core.latest().catch(() => undefined);
      return {
        store: row ? { ok: true, detail: `version ${row.version}` } : { ok: false, detail: 'no version can be read' },
        nats: deps.natsConnected() ? { ok: true } : { ok: false, detail: 'not connected' },
      };
    },
  });
}
