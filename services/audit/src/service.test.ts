import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exampleBodies } from '@mou-hub/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditBed, type AuditBed } from './test-support.ts';

const MARKER = 'MARKER-7f3c9e-never-in-audit';
const DAY = 86_400_000;
const TH = 'th-msdhs';
const LA = 'la-mlsw';
let bed: AuditBed;
let token: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(path: string, auth: string | null = token): Promise<{ status: number; json: any; text: string; type: string }> {
  const res = await fetch(`${bed.audit.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, text, type, json: type.includes('json') ? JSON.parse(text) : undefined };
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  bed = await startAuditBed();
  token = await bed.login();
});
afterAll(() => bed?.close());

describe('the audit service on a real nats-server', () => {
  it('refuses reports without an auditor token', async () => {
    expect((await get('/api/v1/reports/turnaround', null)).status).toBe(401);
    expect((await get('/api/v1/reports/turnaround', 'not-a-token')).status).toBe(401);
  });

  it('records metadata, reconciles receipts, problems, missing receipts and digest mismatches', async () => {
    const request = { ...structuredClone(exampleBodies['repatriation.request']) };
    const answered = await bed.send(TH, LA, 'repatriation.request', request, { stats: { persons: 2, urgent: 0 } });
    await bed.receipt(answered, LA, TH);
    const refused = await bed.send(TH, LA, 'case.note', { text: `${MARKER} refused` });
    await bed.send(LA, TH, 'problem', { for: refused.id, code: 'invalid-state', detail: 'no' }, { thid: refused.id, replyTo: refused.id });
    const lost = await bed.send(TH, LA, 'case.note', { text: `${MARKER} lost` });
    const tampered = await bed.send(TH, LA, 'case.note', { text: MARKER });
    await bed.receipt(tampered, LA, TH, 'sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const r = await until(async () => {
      const { json } = await get(`/api/v1/reports/reconciliation?at=${later}`);
      return json.summary.messages === 4 && json.summary.receipts === 2 && json;
    }, 'four reconciled messages');
    const by = (id: string) => r.rows.find((x: { id: string }) => x.id === id);
    expect(by(answered.id)).toMatchObject({ outcome: 'receipt', digestMatches: true, from: TH, to: LA, type: 'repatriation.request' });
    expect(by(refused.id)).toMatchObject({ outcome: 'problem', problemCode: 'invalid-state', digestMatches: null });
    expect(by(lost.id)).toMatchObject({ outcome: 'missing', receiptEnvelope: null });
    expect(by(tampered.id)).toMatchObject({ outcome: 'receipt', digestMatches: false });
    expect(r.summary).toEqual({ messages: 4, receipts: 2, problems: 1, pending: 0, missing: 1, digestMismatches: 1 });

    // Seen now, the lost one is still within the configured time: pending, not missing.
    expect((await get('/api/v1/reports/reconciliation')).json.summary).toMatchObject({ pending: 1, missing: 0 });
    // CSV of the same rows.
    const csv = await get(`/api/v1/reports/reconciliation?format=csv&at=${later}`);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toBe('id,type,agreement,from,to,streamTime,outcome,problemCode,envelopeHash,receiptEnvelope,digestMatches,answeredAt');
    expect(csv.text).toContain(`${lost.id},case.note,la-th,${TH},${LA}`);
  });

  it('flags a created far from the stream time, and a forged signature', async () => {
    const backdated = await bed.send(TH, LA, 'case.note', { text: 'old' }, { created: new Date(Date.now() - 2 * 3_600_000) });
    // Older than a node accepts (check 9 against the stream's clock): flagged and refused alike.
    const tooOld = await bed.send(TH, LA, 'case.note', { text: 'older' }, { created: new Date(Date.now() - 16 * DAY) });
    const good = await bed.send(TH, LA, 'case.note', { text: 'x' });
    const [h, p] = good.jws.split('.');
    const forged = `${h}.${p}.${'A'.repeat(86)}`;
    await bed.admin.js.publish('mou.v1.msg.la-mlsw.th-msdhs', new TextEncoder().encode(forged));
    const rows = await until(async () => {
      const { json } = await get('/api/v1/reports/integrity');
      return json.rows.length >= 3 && json.rows;
    }, 'three integrity flags');
    expect(rows.find((x: { id: string | null }) => x.id === backdated.id)).toMatchObject({ skewFlag: 1, checkCode: null });
    expect(rows.find((x: { id: string | null }) => x.id === tooOld.id)).toMatchObject({ skewFlag: 1, checkCode: 'expired' });
    expect(rows.find((x: { checkCode: string | null }) => x.checkCode === 'bad-signature')).toMatchObject({ id: null, type: null });
  });

  it('keeps no body: the marker is in no file under its data folder nor in its log', async () => {
    const files = filesUnder(bed.dataDir);
    expect(files.some((f) => f.endsWith('audit.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('audit.log'))).toBe(true);
    for (const f of files) expect(readFileSync(f).includes(MARKER), f).toBe(false);
    // The check can fail: the marker is in the stream the audit read.
    const { json } = await get('/api/v1/reports/reconciliation');
    expect(json.rows.length).toBeGreaterThan(0);
  });

  it('is alive (/healthz) and ready (/readyz): NATS connected, consuming, on directory version 1', async () => {
    expect(await get('/healthz', null)).toMatchObject({ status: 200, json: { status: 'up', service: 'audit' } });
    expect(await get('/readyz', null)).toMatchObject({
      status: 200,
      json: { status: 'ready', checks: { nats: { ok: true }, consumer: { ok: true }, directory: { ok: true, detail: 'version 1' } } },
    });
  });

  it('exports its figures: envelopes recorded, overdue clocks, consumer lag, how full the stream is, process and HTTP', async () => {
    const text = await (await fetch(`${bed.audit.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{service="audit"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('mou_audit_envelopes')).toBeGreaterThan(0);
    expect(value('mou_audit_overdue_clocks')).toBeGreaterThanOrEqual(0);
    expect(value('mou_audit_consumer_lag')).toBe(0);
    expect(value('mou_stream_bytes')).toBeGreaterThan(0);
    expect(value('mou_stream_max_bytes')).toBeGreaterThan(value('mou_stream_bytes'));
    expect(value('mou_nats_connected')).toBe(1);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^mou_http_request_seconds_count\{service="audit",method="GET",route="\/readyz",status="200"\} \d+$/m);
  });

  it('serves its OpenAPI document and the chart library from its own node_modules', async () => {
    expect((await get('/api/v1/openapi.json', null)).json.paths['/api/v1/import/returns']).toBeDefined();
    const js = await get('/assets/chart.umd.min.js', null);
    expect(js.status).toBe(200);
    expect(js.text).toContain('Chart');
  });
});
