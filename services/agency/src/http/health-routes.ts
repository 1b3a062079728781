import { Hono } from 'hono';
import type { AppDeps } from './deps.ts';

/** `/healthz`, `/readyz` and `/metrics`: public, for probes and scrapers. */
export function healthRoutes(deps: AppDeps) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'up', agency: deps.agency }))
    .get('/readyz', async (c) => {
      const checks = await deps.readiness();
      const ready = Object.values(checks).every((x) => x.ok);
      return c.json({ status: ready ? 'ready' : 'not-ready', agency: deps.agency, checks }, ready ? 200 : 503);
    })
    .get('/metrics', async (c) => {
      const text = await deps.metrics.registry.metrics();
      return c.text(text, 200, { 'content-type': deps.metrics.registry.contentType });
    });
}
