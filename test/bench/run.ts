/**
 * `pnpm bench`: protocol (pure) and end-to-end throughput/latency, printed as a table with
 * targets and written to .data/bench/latest.json. Exits 1 when a target fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchE2e, type E2eResults } from './e2e.ts';
import { benchProtocol, type ProtocolResults } from './protocol.ts';

process.env['LOG_LEVEL'] ??= 'error'; // the nodes log every message at info

/*
 * Targets. Real volume is hundreds of cases a year (a few messages each), with bursts of tens
 * of cases after a raid: even 100 messages/s is orders of magnitude above need. The targets are
 * set so that a burst of thousands clears in well under a minute on a small 2-core server, and
 * a regression of 5-10x shows up:
 * - seal and open one at a time at ≥ 50 % of what jose alone does on this machine (the crypto
 *   ceiling, measured in the same run), and never under 200/s: the hub's own work (schemas,
 *   the 14 checks, hashing, JSON) may cost no more than the crypto itself, on any machine. A
 *   regression such as importing a key per message (3-5x slower) fails it.
 * - end to end ≥ 100 delivered/s and p99 queued→delivered ≤ 5 s at that load: an officer sees
 *   "delivered" within seconds even mid-burst.
 * - RSS growth ≤ 300 MiB for two in-process nodes and 2,000 messages: fits a 1 GiB VM.
 */
const TARGETS = { cryptoShare: 0.5, floorPerSec: 200, e2ePerSec: 100, p99Ms: 5_000, rssGrowthMiB: 300 };

interface Row { metric: string; value: string; target: string; pass?: boolean }
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

function protocolRows(p: ProtocolResults): Row[] {
  const row = (name: string, s: ProtocolResults['sealSerial'], ceiling?: number): Row => {
    const min = ceiling === undefined ? undefined : Math.max(TARGETS.floorPerSec, TARGETS.cryptoShare * ceiling);
    return {
      metric: `${name} (c=${s.concurrency}, n=${s.count})`,
      value: `${f1(s.perSecond)} /s   p50 ${f2(s.p50Ms)} ms   p99 ${f2(s.p99Ms)} ms`,
      target: min === undefined ? '' : `≥ ${f1(min)} /s`,
      ...(min === undefined ? {} : { pass: s.perSecond >= min }),
    };
  };
  const { seal, open } = p.cryptoCeiling;
  return [
    { metric: 'crypto ceiling: jose encrypt+sign', value: `${f1(seal)} /s (one at a time)`, target: '' },
    row('seal repatriation.request', p.sealSerial, seal),
    row('seal repatriation.request', p.sealConc8),
    { metric: 'crypto ceiling: jose verify+decrypt', value: `${f1(open)} /s (one at a time)`, target: '' },
    row('open repatriation.request', p.openSerial, open),
    row('open repatriation.request', p.openConc8),
  ];
}

function e2eRows(e: E2eResults): Row[] {
  return [
    { metric: `API accept (c=${e.api.concurrency}, n=${e.messages})`, value: `${f1(e.api.perSecond)} 202/s   p50 ${f2(e.api.p50Ms)} ms   p99 ${f2(e.api.p99Ms)} ms   non-202 ${e.api.non202}`, target: '' },
    {
      metric: 'end to end delivered',
      value: `${e.delivered}/${e.messages} in ${f2(e.deliverSeconds)} s = ${f1(e.deliveredPerSecond)} /s (drain after last 202: ${f2(e.drainSeconds)} s)`,
      target: `≥ ${TARGETS.e2ePerSec} /s, all`,
      pass: e.delivered === e.messages && e.deliveredPerSecond >= TARGETS.e2ePerSec,
    },
    { metric: 'queued→delivered p50', value: `${f1(e.latency.p50Ms)} ms (n=${e.latency.samples}, max ${f1(e.latency.maxMs)} ms)`, target: '' },
    ...Object.entries(e.stages).map(([name, v]) => ({ metric: `  stage ${name}`, value: `p50 ${f1(v.p50Ms)} ms   p99 ${f1(v.p99Ms)} ms`, target: '' })),
    { metric: 'queued→delivered p99', value: `${f1(e.latency.p99Ms)} ms`, target: `≤ ${TARGETS.p99Ms} ms`, pass: e.latency.p99Ms <= TARGETS.p99Ms },
    {
      metric: 'RSS (test process)',
      value: `${f1(e.rssMiB.before)} → ${f1(e.rssMiB.afterStart)} (nodes up) → ${f1(e.rssMiB.afterLoad)} MiB; growth ${f1(e.rssMiB.growth)} MiB`,
      target: `≤ ${TARGETS.rssGrowthMiB} MiB`,
      pass: e.rssMiB.growth <= TARGETS.rssGrowthMiB,
    },
  ];
}

function printTable(rows: Row[]): void {
  const w0 = Math.max(...rows.map((r) => r.metric.length));
  const w1 = Math.max(...rows.map((r) => r.value.length));
  const w2 = Math.max(6, ...rows.map((r) => r.target.length));
  const line = (a: string, b: string, c: string, d: string) => console.log(`${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c.padEnd(w2)} | ${d}`);
  line('metric', 'value', 'target', 'result');
  console.log('-'.repeat(w0 + w1 + w2 + 16));
  for (const r of rows) line(r.metric, r.value, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL');
}

async function main(): Promise<number> {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, os: `${platform()} ${release()}` };
  console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.os}\n`);
  const t0 = performance.now();

  console.log('protocol (pure): seal/open …');
  const protocol = await benchProtocol();
  console.log('end to end: federation th-msdhs → la-mlsw, 2,000 case.note …');
  let e2e: E2eResults | undefined;
  let e2eError: string | undefined;
  try {
    e2e = await benchE2e();
  } catch (err) {
    e2eError = String((err as Error).stack ?? err);
    console.error(`end-to-end benchmark failed: ${e2eError}`);
  }

  const rows = [...protocolRows(protocol), ...(e2e ? e2eRows(e2e) : [{ metric: 'end to end', value: 'failed', target: 'runs', pass: false }])];
  console.log('');
  printTable(rows);
  const failed = rows.filter((r) => r.pass === false).length;
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(`\n${failed === 0 ? 'all targets met' : `${failed} target(s) failed`}; total ${totalSeconds.toFixed(1)} s`);

  const dir = fileURLToPath(new URL('../../.data/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}latest.json`;
  const json = { at: new Date().toISOString(), machine, targets: TARGETS, protocol, e2e, e2eError, rows, failed, totalSeconds };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`results written to ${file}`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
