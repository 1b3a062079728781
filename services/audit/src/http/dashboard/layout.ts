import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The page frame: plain HTML, Chart.js and the dashboard script from this service.
 *
 * @example
 * return c.html(page('Turnaround', html`<p>…</p>`));
 */
export function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · mou-hub audit</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
form.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
.chart{max-width:48rem}
</style>
<script src="/assets/chart.umd.min.js" defer></script>
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>`;
}

/**
 * A chart's data as JSON inside the page (escaped for a script element), drawn by dashboard.js.
 *
 * @example
 * chart('turnaround', { labels, datasets, unit: 'hours', links });
 */
export function chart(id: string, spec: { labels: string[]; datasets: { label: string; data: number[] }[]; unit: string; links?: string[]; stacked?: boolean }): Html {
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return html`<div class="chart"><canvas id="${id}"></canvas></div><script type="application/json" data-chart="${id}">${raw(json)}</script>`;
}

/** A table of rows with the given columns (values escaped). */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[], link?: (row: Record<string, unknown>) => string): Html {
  if (rows.length === 0) return html`<p>None.</p>`;
  return html`<table><thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${columns.map((c, i) => (i === 0 && link ? html`<td><a href="${link(r)}">${String(r[c] ?? '')}</a></td>` : html`<td>${String(r[c] ?? '')}</td>`))}</tr>`,
  )}</tbody></table>`;
}
