/**
 * `pnpm bench`: the local federation as users run it (`pnpm start`: separate node processes, a
 * real nats-server), measured from outside through the API, beside the machine's crypto
 * ceiling measured in the same run. Prints a table, writes `.data/bench/latest.json`, and ends
 * with one JSON line of the headline figures. Exits 1 when a target is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAudit } from './audit.ts';
import { cryptoCeiling } from './crypto-ceiling.ts';
import { benchEvidenceCost, describeEvidenceCost, EVIDENCE_COST_TARGET } from './evidence-cost.ts';
import { startBenchFederation } from './federation.ts';
import { closedLoop, login, openLoop, type LoadResult, type LoadTarget } from './load.ts';
import { benchProtocol } from './protocol.ts';
import { seedMessages } from './seed.ts';
import { sleep } from './stats.ts';

/*
 * Targets (issue "Proof under faults, bad input and load", this 2-core machine). Real volume is
 * hundreds of cases a year; the targets make a burst of thousands after a border-post outage
 * drain in seconds, and a regression show:
 * - e2e_ratio: English notes delivered end to end per second over the ceiling: jose alone doing
 *   the crypto of one complete exchange (note, receipt, the audit's checks) on these cores;
 * - p99 (API call → delivered) of Thai notes at 50/s (each opens a translation job at la-mlsw);
 * - p99 (API call → delivered) at 100 messages/s offered;
 * - overload: no connection error or time-out at 3× the sustained rate (503/429 are answers);
 * - federation_ready_s: `pnpm start` to every /readyz green; agency_rss_mb: largest node 5 s
 *   after the last phase (once idle, each node compacts its heap);
 * - evidence_cost: the share of the sustained rate the evidence log takes (issue 19: < 0.10),
 *   `evidence-cost.ts` (alone: `pnpm exec tsx test/bench/evidence-cost.ts`).
 */
/** Seeded before the second round of figures: the messages a node holds after a busy year or two. */
const SEEDED = 100_000;
const TARGETS = { e2eRatio: 0.7, seededWithin: 0.2, p99MsAt100: 50, p99MsAt50Thai: 100, overloadErrors: 0, federationReadyS: 10, agencyRssMb: 150, auditReportMs1m: 200 };
const SENDER = 'th-msdhs';
const RECIPIENT = 'la-mlsw';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
interface Row { metric: string; value: string; target: string; pass?: boolean }

function printTable(rows: Row[]): void {
  const w = [0, 1, 2].map((k) => Math.max(6, ...rows.map((r) => [r.metric, r.value, r.target][k]!.length)));
  const line = (a: string, b: string, c: string, d: string) => console.log(`${a.padEnd(w[0]!)} | ${b.padEnd(w[1]!)} | ${c.padEnd(w[2]!)} | ${d}`);
  line('metric', 'value', 'target', 'result');
  console.log('-'.repeat(w[0]! + w[1]! + w[2]! + 16));
  for (const r of rows) line(r.metric, r.value, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL');
}

const describeLoad = (r: LoadResult) =>
  `${r.delivered}/${r.offered} delivered, ${f1(r.deliveredPerSecond)}/s, p50 ${f1(r.p50Ms)} ms, p99 ${f1(r.p99Ms)} ms, refused ${r.refused}, errors ${r.errors}`;

async function main(): Promise<number> {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, os: `${platform()} ${release()}` };
  console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.os}\n`);
  const t0 = performance.now();

  console.log('crypto ceiling (jose alone: the crypto of one complete exchange, English and Thai notes) …');
  const ceiling = await cryptoCeiling('english');
  const ceilingThai = await cryptoCeiling('thai');
  console.log('protocol (pure): seal/open …');
  const protocol = await benchProtocol();
  console.log("audit: 1,000,000 envelopes' metadata seeded, then the turnaround report …");
  const audit = await benchAudit();

  console.log('pnpm start (fresh, free ports) …');
  const fed = await startBenchFederation();
  const loads: Record<string, LoadResult> = {};
  let rss: Record<string, number> = {};
  let seededSeconds = Number.NaN;
  try {
    const sender = fed.agencies[SENDER]!;
    const target: LoadTarget = {
      url: sender.httpUrl,
      token: await login(sender.httpUrl, sender.officer.username, sender.officer.password),
      to: RECIPIENT,
      agreement: 'la-th',
      database: fed.database(SENDER),
    };
    console.log('warm-up, then the highest sustained rate (closed loop at 16, 32 and 64 clients) …');
    await closedLoop(target, 300, 16);
    for (const c of [16, 32, 64]) loads[`sustained c=${c}`] = await closedLoop(target, 3_000, c);
    const sustained = Math.max(...Object.values(loads).map((l) => l.deliveredPerSecond));
    console.log('100 messages/s offered for 10 s …');
    loads['at 100/s'] = await openLoop(target, 100, 10);
    console.log(`overload: ${Math.round(3 * sustained)} messages/s (3× sustained) offered for 10 s …`);
    loads['overload 3×'] = await openLoop(target, 3 * sustained, 10);
    const thai: LoadTarget = { ...target, lang: 'th' };
    console.log('Thai notes (a translation job each): the highest sustained rate, then 50/s offered for 10 s …');
    loads['thai sustained c=32'] = await closedLoop(thai, 1_500, 32);
    loads['thai at 50/s'] = await openLoop(thai, 50, 10);
    console.log(`${SEEDED.toLocaleString('en')} settled notes seeded into ${SENDER} and ${RECIPIENT}, then the same English figures …`);
    seededSeconds = seedMessages({ agency: SENDER, database: fed.database(SENDER) }, { agency: RECIPIENT, database: fed.database(RECIPIENT) }, 'la-th', SEEDED);
    // Seeding holds this process's event loop for half a minute, while the node closes the
    // load's idle kept-alive connections (after 5 s): one turn of the loop lets the client see
    // them closed, instead of sending the next loop's first requests on them (18-23 "other side
    // closed" within 20 ms of the seeding, every one of them before this wait).
    await sleep(1_000);
    loads['seeded sustained c=32'] = await closedLoop(target, 3_000, 32);
    loads['seeded at 100/s'] = await openLoop(target, 100, 10);
    // What a node holds once the load is over: a node compacts its heap when it has been idle
    // for two of its half-second samples (load-monitor.ts); read five seconds after the last phase.
    await sleep(5_000);
    rss = Object.fromEntries(Object.keys(fed.agencies).map((id) => [id, fed.rssMiB(id)]));
  } finally {
    await fed.stop();
  }
  // Issue 19: the evidence log's share of the sustained rate (two federations, on and off, at once).
  console.log('the evidence log: on (as deployed) and off, the same load on both at once …');
  const evidence = await benchEvidenceCost();

  const sustained = Math.max(...Object.entries(loads).filter(([k]) => k.startsWith('sustained')).map(([, l]) => l.deliveredPerSecond));
  const sustainedThai = loads['thai sustained c=32']!.deliveredPerSecond;
  const at50Thai = loads['thai at 50/s']!;
  const at100 = loads['at 100/s']!;
  const overload = loads['overload 3×']!;
  const seeded = loads['seeded sustained c=32']!;
  const seededAt100 = loads['seeded at 100/s']!;
  const fresh32 = loads['sustained c=32']!;
  const summary = {
    sealed_e2e_msgs_per_s: Math.round(sustained),
    crypto_ceiling_msgs_per_s: Math.round(ceiling.perSecond),
    e2e_ratio: Number((sustained / ceiling.perSecond).toFixed(2)),
    sealed_e2e_thai_per_s: Math.round(sustainedThai),
    crypto_ceiling_thai_per_s: Math.round(ceilingThai.perSecond),
    e2e_ratio_thai: Number((sustainedThai / ceilingThai.perSecond).toFixed(2)),
    p50_ms_at_100: Math.round(at100.p50Ms),
    p99_ms_at_100: Math.round(at100.p99Ms),
    p99_ms_at_50_thai: Math.round(at50Thai.p99Ms),
    sealed_e2e_seeded_per_s: Math.round(seeded.deliveredPerSecond),
    p99_ms_at_100_seeded: Math.round(seededAt100.p99Ms),
    // Fresh over seeded, closed loop at 32 clients each: 1.0 is flat, 1.25 is 20 % slower seeded.
    seeded_slowdown: Number((fresh32.deliveredPerSecond / seeded.deliveredPerSecond).toFixed(2)),
    overload_errors: overload.errors,
    audit_report_ms_1m: Number(audit.reportMs.toFixed(1)),
    federation_ready_s: Number(fed.readySeconds.toFixed(1)),
    agency_rss_mb: Math.round(Math.max(...Object.values(rss))),
    evidence_cost: evidence.cost,
  };

  const rows: Row[] = [
    { metric: 'ceiling: complete exchanges (jose), English / Thai', value: `${f1(ceiling.perSecond)}/s at concurrency ${ceiling.concurrency} / ${f1(ceilingThai.perSecond)}/s`, target: '' },
    { metric: 'seal, one at a time / 8 at a time', value: `${f1(protocol.sealSerial.perSecond)}/s / ${f1(protocol.sealConc8.perSecond)}/s`, target: '' },
    { metric: 'open, one at a time / 8 at a time', value: `${f1(protocol.openSerial.perSecond)}/s / ${f1(protocol.openConc8.perSecond)}/s`, target: '' },
    ...Object.entries(loads).map(([name, l]) => ({ metric: `${SENDER} → ${RECIPIENT} ${name}`, value: describeLoad(l), target: '' })),
    { metric: 'e2e ratio (sustained / ceiling)', value: String(summary.e2e_ratio), target: `≥ ${TARGETS.e2eRatio}`, pass: summary.e2e_ratio >= TARGETS.e2eRatio },
    { metric: 'e2e ratio, Thai notes', value: String(summary.e2e_ratio_thai), target: '' },
    { metric: 'p99 API call → delivered, Thai notes at 50/s', value: `${summary.p99_ms_at_50_thai} ms`, target: `< ${TARGETS.p99MsAt50Thai} ms`, pass: summary.p99_ms_at_50_thai < TARGETS.p99MsAt50Thai },
    { metric: 'p99 API call → delivered at 100/s', value: `${summary.p99_ms_at_100} ms`, target: `< ${TARGETS.p99MsAt100} ms`, pass: summary.p99_ms_at_100 < TARGETS.p99MsAt100 },
    {
      metric: `sustained at 32 clients, fresh / with ${SEEDED.toLocaleString('en')} notes seeded (in ${f1(seededSeconds)} s)`,
      value: `${f1(fresh32.deliveredPerSecond)}/s / ${f1(seeded.deliveredPerSecond)}/s (×${summary.seeded_slowdown})`,
      target: `within ${TARGETS.seededWithin * 100} %`,
      pass: summary.seeded_slowdown <= 1 / (1 - TARGETS.seededWithin),
    },
    { metric: 'p99 API call → delivered at 100/s, seeded', value: `${summary.p99_ms_at_100_seeded} ms`, target: `< ${TARGETS.p99MsAt100} ms`, pass: summary.p99_ms_at_100_seeded < TARGETS.p99MsAt100 },
    { metric: 'connection errors at 3× sustained', value: String(summary.overload_errors), target: '0', pass: summary.overload_errors === TARGETS.overloadErrors },
    { metric: `audit turnaround report, ${audit.envelopes.toLocaleString('en')} envelopes (median of 20)`, value: `${summary.audit_report_ms_1m} ms (p90 ${f1(audit.reportP90Ms)} ms, ${audit.reportRows} rows; seeded in ${f1(audit.seedSeconds)} s)`, target: `< ${TARGETS.auditReportMs1m} ms`, pass: summary.audit_report_ms_1m < TARGETS.auditReportMs1m },
    { metric: 'pnpm start → every /readyz', value: `${summary.federation_ready_s} s`, target: `< ${TARGETS.federationReadyS} s`, pass: summary.federation_ready_s < TARGETS.federationReadyS },
    { metric: 'evidence log: share of the sustained rate it costs', value: describeEvidenceCost(evidence), target: `< ${EVIDENCE_COST_TARGET}`, pass: evidence.cost < EVIDENCE_COST_TARGET },
    { metric: 'largest node RSS 5 s after the run', value: `${summary.agency_rss_mb} MiB`, target: `< ${TARGETS.agencyRssMb} MiB`, pass: summary.agency_rss_mb < TARGETS.agencyRssMb },
  ];
  console.log('');
  printTable(rows);
  const failed = rows.filter((r) => r.pass === false).length;
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(`\n${failed === 0 ? 'all targets met' : `${failed} target(s) missed`}; total ${totalSeconds.toFixed(1)} s`);

  const dir = fileURLToPath(new URL('../../.data/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${JSON.stringify({ at: new Date().toISOString(), machine, targets: TARGETS, ceiling, ceilingThai, protocol, audit, loads, rss, evidence, summary, failed }, null, 2)}\n`);
  console.log(`details written to ${dir}latest.json`);
  console.log(JSON.stringify(summary));
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
