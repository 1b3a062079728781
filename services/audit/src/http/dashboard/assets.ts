import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

// Chart.js's own UMD build from node_modules: offices may be offline, nothing comes from a CDN.
const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
const dashboardJs = readFileSync(new URL('./dashboard.js', import.meta.url), 'utf8');

/**
 * GET /assets/chart.umd.min.js and /assets/dashboard.js, cached a day.
 *
 * @example
 * app.route('/assets', assetRoutes());
 */
export function assetRoutes(): Hono {
  const app = new Hono();
  const js = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' };
  app.get('/chart.umd.min.js', (c) => c.body(chartJs, 200, js));
  app.get('/dashboard.js', (c) => c.body(dashboardJs, 200, js));
  return app;
}
