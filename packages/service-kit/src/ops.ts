import type { Hono, MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One readiness check: ok or not, with what a person reading `/readyz` needs. */
export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
  /** Ready, but something an operator should look at (an old directory, a heavy load). */
  warning?: string;
}

/** A service's Prometheus registry: process figures, HTTP figures, and its own. */
export interface ServiceMetrics {
  registry: Registry;
  /** Times every request by method, matched route (not the raw path) and status. */
  http: MiddlewareHandler;
}

/** How often the exported event-loop lag is sampled, ms. */
export const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * A registry labelled with the service's name, with Node's process figures (CPU, memory, event
 * loop lag, handles: prom-client's defaults) and `mou_http_request_seconds`. The service adds its
 * own gauges to `registry`; one registry per service, so several can share a process in tests.
 *
 * @example
 * const metrics = serviceMetrics('directory');
 * app.use('*', metrics.http);
 * new Gauge({ name: 'mou_directory_version', help: '…', registers: [metrics.registry], collect() { this.set(v) } });
 */
export function serviceMetrics(service: string, labels: Record<string, string> = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service, ...labels });
  // The event-loop lag is sampled by a timer: at prom-client's default of every 10 ms that woke
  // each idle service 100 times a second. Every 100 ms still shows a lag worth alerting on.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const seconds = new Histogram({
    name: 'mou_http_request_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const http: MiddlewareHandler = async (c, next) => {
    const end = seconds.startTimer();
    try {
      await next();
    } finally {
      // The route pattern (`/directory/versions/:version`), so a scan of paths adds no series.
      end({ method: c.req.method, route: c.req.routePath || 'unmatched', status: String(c.res.status) });
    }
  };
  return { registry, http };
}

/**
 * A gauge read at scrape time (one source of truth: the database, the connection), so a
 * restart never shows a stale count. `read` answering undefined keeps the last value (a store
 * that cannot be read right now).
 *
 * @example
 * scrapeGauge(metrics.registry, 'mou_directory_version', 'Latest directory version', async () => (await core.latest()).version);
 */
export function scrapeGauge(registry: Registry, name: string, help: string, read: () => number | undefined | Promise<number | undefined>): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const value = await Promise.resolve().then(read).catch(() => undefined);
      if (value !== undefined) this.set(value);
    },
  });
}

/**
 * A gauge with one label, read at scrape time: one series per key `read` answers, the others
 * dropped (an agency gone from the directory leaves no stale series). A failing read shows none.
 *
 * @example
 * scrapeLabelledGauge(registry, 'mou_sender_quota_used_ratio', 'Share of its quota', 'sender', async () => ({ 'th-msdhs': 0.2 }));
 */
export function scrapeLabelledGauge(registry: Registry, name: string, help: string, label: string, read: () => Promise<Record<string, number>>): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    async collect() {
      this.reset();
      const values = await read().catch(() => ({}) as Record<string, number>);
      for (const [key, value] of Object.entries(values)) this.set({ [label]: key }, value);
    },
  });
}

/** What {@link opsRoutes} serves. */
export interface OpsRoutesOptions {
  service: string;
  registry: Registry;
  /** The readiness checks: a dependency down (NATS, the consumer) makes the service not ready, not dead. */
  ready: () => Record<string, ReadinessCheck> | Promise<Record<string, ReadinessCheck>>;
}

/**
 * Mounts `/healthz` (liveness: 200 as long as the process answers, so an orchestrator never
 * restarts a healthy process because NATS is down), `/readyz` (200 when every check passes,
 * else 503, with the checks) and `/metrics` (Prometheus text) on `app`.
 *
 * @example
 * opsRoutes(app, { service: 'audit', registry: metrics.registry, ready: () => ({ nats: { ok: bus.isConnected() } }) });
 */
export function opsRoutes<A extends Hono>(app: A, opts: OpsRoutesOptions): A {
  app.get('/healthz', (c) => c.json({ status: 'up', service: opts.service }));
  app.get('/readyz', async (c) => {
    const checks = await opts.ready();
    const ready = Object.values(checks).every((x) => x.ok);
    return c.json({ status: ready ? 'ready' : 'not-ready', service: opts.service, checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.text(await opts.registry.metrics(), 200, { 'content-type': opts.registry.contentType }));
  return app;
}
