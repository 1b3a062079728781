import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { opsRoutes, serviceMetrics } from './ops.ts';

function app(natsUp: { value: boolean }) {
  const metrics = serviceMetrics('directory');
  const a = new Hono();
  a.use('*', metrics.http);
  opsRoutes(a, { service: 'directory', registry: metrics.registry, ready: () => ({ nats: { ok: natsUp.value, ...(natsUp.value ? {} : { detail: 'disconnected' }) } }) });
  a.get('/directory/versions/:version', (c) => c.json({ version: c.req.param('version') }));
  return a;
}

describe('opsRoutes', () => {
  it('keeps /healthz up while a dependency is down, and says so in /readyz', async () => {
    const nats = { value: false };
    const a = app(nats);
    expect((await a.request('/healthz')).status).toBe(200);
    const notReady = await a.request('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not-ready', service: 'directory', checks: { nats: { ok: false, detail: 'disconnected' } } });
    nats.value = true;
    expect((await a.request('/readyz')).status).toBe(200);
  });

  it('exports process figures and requests by route pattern, not by path', async () => {
    const a = app({ value: true });
    for (const v of ['1', '2', '3']) await a.request(`/directory/versions/${v}`);
    const text = await (await a.request('/metrics')).text();
    expect(text).toMatch(/^process_cpu_seconds_total\{service="directory"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="directory"\} /m);
    expect(text).toContain('mou_http_request_seconds_count{service="directory",method="GET",route="/directory/versions/:version",status="200"} 3');
    expect(text).not.toContain('route="/directory/versions/1"');
  });
});
