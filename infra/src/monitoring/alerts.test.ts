import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { launchFederation, type Federation } from '../federation/launch.ts';

// The alert rules are only worth something if every metric they name is exported: a renamed gauge
// would leave an alert that never fires. This scrapes a running local federation (`pnpm start`'s
// launcher: nodes in their own processes, the directory, the audit) and checks each name.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RULES = join(ROOT, 'infra', 'monitoring', 'alerts.yml');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string };
}

/** Metric names an expression reads: our own families and Node's, plus Prometheus's `up`. */
function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\b(?:mou|process|nodejs)_[a-z0-9_]+\b|\bup\b/g) ?? [])];
}

/** Names a scrape exports, histograms with their `_bucket`, `_sum` and `_count` series. */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
  }
  return names;
}

const rules: Rule[] = (parse(readFileSync(RULES, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
let dataDir: string;
let federation: Federation | undefined;
const scraped = new Map<string, Set<string>>();
let auditMetrics = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mou-alerts-'));
  federation = await launchFederation({
    dataDir,
    root: ROOT,
    file: { http: { host: '127.0.0.1', basePort: 0 }, agencies: [{ id: 'th-msdhs', officer: 'officer', roles: ['liaison-officer'] }, { id: 'la-mlsw', officer: 'officer', roles: ['liaison-officer'] }] },
  });
  const facts = JSON.parse(readFileSync(join(dataDir, 'federation.json'), 'utf8')) as { audit: { httpUrl: string } };
  const urls = { directory: federation.directoryUrl, audit: facts.audit.httpUrl, agency: federation.agencies[0]!.url };
  for (const [service, url] of Object.entries(urls)) {
    const res = await fetch(`${url}/metrics`);
    expect(res.status, `${service} /metrics`).toBe(200);
    const text = await res.text();
    if (service === 'audit') auditMetrics = text;
    scraped.set(service, exported(text));
  }
}, 120_000);

afterAll(async () => {
  await federation?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Prometheus alert rules (infra/monitoring/alerts.yml)', () => {
  it('are well formed: a name, an expression, a severity and a summary each, names unique', () => {
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      expect(r.alert, JSON.stringify(r)).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(r.expr.trim().length, r.alert).toBeGreaterThan(0);
      expect(['info', 'warning', 'critical'], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      if (r.for !== undefined) expect(r.for, r.alert).toMatch(/^\d+[smhd]$/);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('cover what issue 18 names: stream filling, outbox depth, consumer lag, quarantine growth, overdue cases, a stale directory', () => {
    const read = (alert: string) => metricNames(rules.find((r) => r.alert === alert)?.expr ?? '');
    expect(read('StreamFilling')).toEqual(['mou_stream_bytes', 'mou_stream_max_bytes']);
    expect(read('OutboxBacklog')).toEqual(['mou_outbox_depth']);
    expect(read('ConsumerLag')).toEqual(['mou_consumer_lag']);
    expect(read('QuarantineGrowing')).toEqual(['mou_quarantine_messages']);
    expect(read('CasesOverdue')).toEqual(['mou_audit_overdue_clocks']);
    expect(read('DirectorySnapshotStale')).toEqual(['mou_directory_stale']);
    expect(read('DirectoryOffline')).toEqual(['mou_directory_from_store']);
    expect(read('SenderQuotaFilling')).toEqual(['mou_sender_quota_used_ratio']);
  });

  it('name only metrics that the agency nodes, the directory or the audit export', () => {
    const all = new Set([...scraped.values()].flatMap((s) => [...s]));
    expect(all.size).toBeGreaterThan(20);
    const missing = rules.flatMap((r) => metricNames(r.expr).filter((n) => n !== 'up' && !all.has(n)).map((n) => `${r.alert}: ${n}`));
    expect(missing).toEqual([]);
    // The check can fail: a name no service exports is caught.
    expect(metricNames('mou_no_such_metric > 0').filter((n) => !all.has(n))).toEqual(['mou_no_such_metric']);
  });

  it('are exported by the service each belongs to', () => {
    expect(scraped.get('audit')).toContain('mou_stream_bytes');
    // Each agency's quota use, through the audit's grant on every sender account's stream info.
    expect(auditMetrics).toMatch(/^mou_sender_quota_used_ratio\{sender="th-msdhs",service="audit"\} [0-9.e-]+$/m);
    expect(auditMetrics).toMatch(/^mou_sender_quota_used_ratio\{sender="la-mlsw",service="audit"\} [0-9.e-]+$/m);
    expect(scraped.get('audit')).toContain('mou_audit_overdue_clocks');
    expect(scraped.get('directory')).toContain('mou_directory_issued_age_seconds');
    expect(scraped.get('agency')).toContain('mou_outbox_depth');
    for (const s of ['agency', 'directory', 'audit']) expect(scraped.get(s), s).toContain('mou_http_request_seconds_count');
  });
});
