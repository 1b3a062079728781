/**
 * The audit's turnaround report over a million envelopes' metadata (issue 10: under 200 ms on
 * this 2-core machine). Seeds a real SQLite file with the audit's own schema: 250,000 cases of
 * four envelopes each (request, receipt, answer, receipt), their per-case clocks and the
 * turnaround cells the ingest keeps; then times GET /api/v1/reports/turnaround through the
 * service's Hono app. Durations are synthetic (business time taken as 5/7 of calendar time):
 * the report reads the stored figures, so their values do not change its cost.
 *
 * Run alone: `nice tsx test/bench/audit.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditApp, auditLogin, auditMigrations, cellFigures, type AuditDb } from '@mou-hub/audit';
import { migrate, openDatabase } from '@mou-hub/db';
import { uuidv7 } from '@mou-hub/protocol';
import { createLogger, createTokenIssuer, MemorySessionVersions } from '@mou-hub/service-kit';
import { percentile } from './stats.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2024-01-01T00:00:00.000Z');
const SPAN = 2 * 365 * DAY;

/** The kinds of case seeded: the opener, its answer, the pair, and the two deadline steps. */
const KINDS = [
  { agreement: 'la-th', opener: 'repatriation.request', answer: 'repatriation.assessment', from: 'th-msdhs', to: 'la-mlsw', steps: [['acknowledge-repatriation', 7 * DAY, 3 * DAY], ['decide-repatriation', 30 * DAY, 20 * DAY]] },
  { agreement: 'la-th', opener: 'investigation.request', answer: 'investigation.response', from: 'th-rtp', to: 'la-mps', steps: [['acknowledge-investigation', 7 * DAY, 2 * DAY], ['answer-investigation', 14 * DAY, 10 * DAY]] },
  { agreement: 'la-vn', opener: 'repatriation.request', answer: 'repatriation.assessment', from: 'vn-mps', to: 'la-mlsw', steps: [['acknowledge-repatriation', 7 * DAY, 4 * DAY], ['decide-repatriation', 30 * DAY, 25 * DAY]] },
  { agreement: 'la-cn', opener: 'repatriation.request', answer: 'repatriation.assessment', from: 'cn-mps', to: 'la-mlsw', steps: [['acknowledge-repatriation', 7 * DAY, 5 * DAY], ['decide-repatriation', 30 * DAY, 35 * DAY]] },
] as const;

/** Result of {@link benchAudit}. */
export interface AuditBenchResult {
  envelopes: number;
  cases: number;
  caseSteps: number;
  cells: number;
  seedSeconds: number;
  /** Median of the timed report calls, ms (HTTP in process: route, query, JSON). */
  reportMs: number;
  reportP90Ms: number;
  reportRows: number;
}

/** Seeds `envelopes` envelopes' metadata (4 per case) and times the turnaround report `runs` times. */
export async function benchAudit(envelopes = 1_000_000, runs = 20): Promise<AuditBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mou-audit-bench-'));
  const database = openDatabase<AuditDb>(join(dir, 'audit.db'), { synchronous: 'NORMAL' });
  try {
    await migrate(database.db, auditMigrations);
    const t0 = performance.now();
    const seeded = seed(database.sqlite, envelopes / 4);
    const seedSeconds = (performance.now() - t0) / 1000;

    // The bench's own auditor: a token is issued only to a known account.
    const versions = new MemorySessionVersions(['bench']);
    const tokens = createTokenIssuer({ secret: new TextEncoder().encode('b'.repeat(32)), issuer: 'mou-audit', ttlSeconds: 3600, sessions: versions });
    const app = auditApp({
      db: database.db,
      directory: () => {
        throw new Error('the report needs no directory');
      },
      tokens,
      tokenTtlSeconds: 3600,
      login: auditLogin({ tokens, versions, auditors: [], secureCookies: false }),
      reconcileAfterMs: 600_000,
      k: 11,
      health: () => ({ nats: true, consuming: true, directoryVersion: 1 }),
      log: Object.assign(createLogger('audit-bench'), { level: 'silent' }),
    });
    const headers = { authorization: `Bearer ${await tokens.issue({ sub: 'bench', roles: ['auditor'], agency: 'la-secretariat' })}` };
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs + 2; i++) {
      const started = performance.now();
      const res = await app.request('/api/v1/reports/turnaround', { headers });
      const body = (await res.json()) as { rows: unknown[] };
      if (i >= 2) times.push(performance.now() - started); // two warm-up calls
      rows = body.rows.length;
    }
    return { envelopes: seeded.cases * 4, ...seeded, seedSeconds, reportMs: percentile(times, 0.5), reportP90Ms: percentile(times, 0.9), reportRows: rows };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes cases, their envelopes and clocks, and the cells, in one transaction. */
function seed(sqlite: ReturnType<typeof openDatabase>['sqlite'], cases: number) {
  const envelope = sqlite.prepare(
    `insert into envelopes (stream_seq, stream_time, subject_to, subject_from, envelope_hash, kid, verified, check_code, id, type, agreement, from_agency, to_agency, thid, reply_to, created, skew_ms, skew_flag, stats, for_id, outcome, receipt_envelope)
     values (?, ?, ?, ?, ?, ?, 1, null, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, null, ?, ?, ?)`,
  );
  const caseRow = sqlite.prepare('insert into cases (thid, agreement, opener_type, initiator, responder, opened_at, state, urgent, last_at, closed_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, null)');
  const step = sqlite.prepare(
    `insert into case_steps (thid, step, instance, agreement, starts_type, side, agency, country, started_at, due_at, ended_at, status, calendar_ms, net_ms, business_ms, paused)
     values (?, ?, 0, ?, ?, 'responder', ?, 'LA', ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const cells = new Map<string, { key: [string, string, string, string]; durations: number[]; business: number[]; within: number }>();
  const iso = (t: number) => new Date(t).toISOString();
  let seq = 0;
  let random = 42;
  const rand = () => ((random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const hash = `sha256:${'A'.repeat(43)}`;
  let steps = 0;

  sqlite.transaction(() => {
    for (let c = 0; c < cases; c++) {
      const kind = KINDS[c % KINDS.length]!;
      const opened = START + Math.floor(rand() * SPAN);
      const thid = uuidv7();
      const answerId = uuidv7();
      const answeredAfter = Math.floor(kind.steps[1][2] * (0.2 + 1.6 * rand()));
      const answered = opened + answeredAfter;
      const put = (id: string, type: string, from: string, to: string, at: number, replyTo: string | null, forId: string | null) =>
        envelope.run(++seq, iso(at + 200), to, from, hash, `${from}#sig-2024a`, id, type, kind.agreement, from, to, thid, replyTo, iso(at), forId, forId ? 'accepted' : null, forId ? hash : null);
      put(thid, kind.opener, kind.from, kind.to, opened, null, null);
      put(uuidv7(), 'receipt', kind.to, kind.from, opened + 900, thid, thid);
      put(answerId, kind.answer, kind.to, kind.from, answered, thid, null);
      put(uuidv7(), 'receipt', kind.from, kind.to, answered + 900, answerId, answerId);
      caseRow.run(thid, kind.agreement, kind.opener, kind.from, kind.to, iso(opened), 'answered', iso(answered));

      const clocks: [string, number, number | null][] = [
        [kind.steps[0][0], Math.min(answeredAfter, Math.floor(kind.steps[0][2] * 2 * rand())), kind.steps[0][1]],
        [kind.steps[1][0], answeredAfter, kind.steps[1][1]],
        ['receipt', 900, null],
        ['close', 0, null],
      ];
      for (const [name, ms, within] of clocks) {
        const ended = name !== 'close';
        const met = within === null || ms <= within;
        const business = Math.round((ms * 5) / 7);
        step.run(thid, name, kind.agreement, kind.opener, kind.to, iso(opened), within === null ? null : iso(opened + within), ended ? iso(opened + ms) : null, ended ? (met ? 'met' : 'breached') : 'open', ms, ms, business);
        steps++;
        if (!ended) continue;
        const key: [string, string, string, string] = [kind.agreement, kind.opener, name, iso(opened).slice(0, 7)];
        const id = key.join('\u0000');
        const cell = cells.get(id) ?? { key, durations: [], business: [], within: 0 };
        cell.durations.push(ms);
        cell.business.push(business);
        if (met) cell.within++;
        cells.set(id, cell);
      }
    }
    const cell = sqlite.prepare(
      `insert into turnaround_cells (agreement, starts_type, step, month, count, within_count, median_ms, p90_ms, max_ms, median_business_ms, p90_business_ms)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const duration = sqlite.prepare('insert into turnaround_durations (agreement, starts_type, step, month, net_ms, business_ms) values (?, ?, ?, ?, ?, ?)');
    for (const c of cells.values()) {
      c.durations.forEach((d, i) => duration.run(...c.key, d, c.business[i]!));
      c.durations.sort((a, b) => a - b);
      c.business.sort((a, b) => a - b);
      const f = cellFigures(c.durations, c.business);
      cell.run(...c.key, c.durations.length, c.within, f.median_ms, f.p90_ms, f.max_ms, f.median_business_ms, f.p90_business_ms);
    }
  })();
  return { cases, caseSteps: steps, cells: cells.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchAudit();
  console.log(JSON.stringify(r));
}
