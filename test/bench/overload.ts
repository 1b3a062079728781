/**
 * `pnpm exec tsx test/bench/overload.ts`: the benchmark's overload phase alone, against a fresh
 * federation (`pnpm start`, free ports): warm-up, the sustained rate (closed loop, 32 clients),
 * 100/s for 10 s, then 3× the sustained rate for 10 s as `pnpm bench` drives it. Prints each
 * phase with its errors by kind and, for the open loops, per second of sending how the calls
 * ended (accepted/refused/errors), so errors can be matched with what the node did then.
 * OVERLOAD_RATE=n skips the sustained run and offers n/s; OVERLOAD_SECONDS (10); the launcher's
 * environment passes to the nodes (e.g. MOU_EVIDENCE_LOG=off-for-benchmark-only).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@mou-hub/db';
import type { AgencyDatabase } from '@mou-hub/agency';
import { selfTimes } from './cpuprofile-summary.ts';
import { startBenchFederation, type BenchFederation } from './federation.ts';
import { closedLoop, login, openLoop, type LoadResult, type LoadTarget } from './load.ts';

const SENDER = 'th-msdhs';
const RECIPIENT = 'la-mlsw';
const seconds = Number(process.env['OVERLOAD_SECONDS'] ?? 10);
const show = (name: string, r: LoadResult) => {
  console.log(
    `${name}: ${r.accepted}/${r.offered} accepted, refused ${r.refused}, errors ${r.errors} ${JSON.stringify(r.errorKinds)}, ` +
      `delivered ${r.delivered} (${r.deliveredPerSecond.toFixed(1)}/s), p50 ${Math.round(r.p50Ms)} ms, p99 ${Math.round(r.p99Ms)} ms`,
  );
  if (r.timeline) console.log(`  per second (202/refused/errors): ${r.timeline.join(' ')}`);
};

/** CPU seconds (user + system) a process used so far, from /proc. */
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** The kernel's count of connections dropped because a listener's accept queue was full (all of this network namespace). */
const listenDrops = () => {
  const [keys, values] = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:')).map((l) => l.split(/\s+/));
  return Number(values![keys!.indexOf('ListenDrops')]);
};

/** Every second until stopped: the sender's queued outbox rows and each busy process's share of a core. */
function watch(fed: BenchFederation): () => Promise<string[]> {
  const pids = { ...fed.pids() };
  const names = ['th-msdhs', 'la-mlsw', 'audit', 'nats'].filter((n) => pids[n]);
  const { db, close } = openDatabase<AgencyDatabase>(fed.database(SENDER));
  const lines: string[] = [];
  let last = Object.fromEntries(names.map((n) => [n, cpuSeconds(pids[n]!)]));
  const timer = setInterval(async () => {
    const now = Object.fromEntries(names.map((n) => [n, cpuSeconds(pids[n]!)]));
    // The sender's own account of its load (event loop, write limit), when it answers within the second.
    const ready = await fetch(`${fed.agencies[SENDER]!.httpUrl}/readyz`, { signal: AbortSignal.timeout(900) }).then((r) => r.text(), () => '');
    const load = /"load":\{[^}]*"detail":"([^"]*)"/.exec(ready)?.[1]?.replace(/ \(limit [^)]*\)/g, '') ?? 'no answer';
    const queued = (await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow()).n;
    lines.push(`queued ${queued}; ${load}; cpu ${names.map((n) => `${n} ${Math.round((now[n]! - last[n]!) * 100)}%`).join(' ')}`);
    last = now;
  }, 1_000);
  return async () => (clearInterval(timer), await close(), lines);
}

// Each node records its API requests per second (http-timing-preload.mjs): where the time went.
const timingDir = mkdtempSync(join(tmpdir(), 'mou-http-timing-'));
process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${fileURLToPath(new URL('./http-timing-preload.mjs', import.meta.url))}`.trim();
process.env['MOU_HTTP_TIMING_DIR'] = timingDir;
// OVERLOAD_CPU_PROF=1: each node also profiles itself (cpu-prof-preload.mjs); the sender's top functions are printed.
if (process.env['OVERLOAD_CPU_PROF']) {
  process.env['NODE_OPTIONS'] += ` --import ${fileURLToPath(new URL('./cpu-prof-preload.mjs', import.meta.url))}`;
  process.env['MOU_CPU_PROF_DIR'] = timingDir;
}
// The three agencies the measured exchange needs (the secretariat witnesses the evidence heads);
// OVERLOAD_ALL=1 starts all eight, as `pnpm bench` does.
const fed = await startBenchFederation(240_000, process.env['OVERLOAD_ALL'] ? undefined : [SENDER, RECIPIENT, 'la-secretariat']);
try {
  const s = fed.agencies[SENDER]!;
  const target: LoadTarget = { url: s.httpUrl, token: await login(s.httpUrl, s.officer.username, s.officer.password), to: RECIPIENT, agreement: 'la-th', database: fed.database(SENDER) };
  console.log(`ready in ${fed.readySeconds.toFixed(1)} s`);
  let rate = Number(process.env['OVERLOAD_RATE'] ?? 0);
  if (!rate) {
    show('warm-up c=16', await closedLoop(target, 300, 16));
    const sustained = await closedLoop(target, 3_000, 32);
    show('sustained c=32', sustained);
    show('at 100/s', await openLoop(target, 100, 10));
    rate = 3 * sustained.deliveredPerSecond;
  }
  delete process.env['NODE_OPTIONS'];
  const t0 = new Date().toISOString();
  console.log(`overload from ${t0}`);
  const drops = listenDrops();
  const stopWatch = watch(fed);
  const r = await openLoop(target, rate, seconds);
  const watched = await stopWatch();
  console.log(`connections dropped at a full accept queue (whole machine) meanwhile: ${listenDrops() - drops}`);
  show(`overload ${Math.round(rate)}/s × ${seconds} s from ${t0}`, r);
  watched.forEach((l, i) => console.log(`  ${String(i + 1).padStart(3)} s  ${l}`));
  console.log(`rss MiB: ${Object.keys(fed.agencies).map((id) => `${id} ${Math.round(fed.rssMiB(id))}`).join(', ')}`);
  console.log(JSON.stringify({ rate: Math.round(rate), errors: r.errors, errorKinds: r.errorKinds, refused: r.refused, accepted: r.accepted }));
} finally {
  await fed.stop();
}
// The sender's own account of the overload window: per second, requests parsed, answers by
// status, the longest wait from a fresh connection's accept to its request's parse and from the
// parse to the answer, and the worst event-loop delay.
const senderPid = fed.agencies[SENDER]!.pid;
try {
  const rows = JSON.parse(readFileSync(join(timingDir, `http.${senderPid}.json`), 'utf8')) as Record<string, unknown>[];
  console.log(`${SENDER} (pid ${senderPid}), per second:`);
  for (const r of rows.slice(-(seconds + 25))) console.log(`  ${JSON.stringify(r)}`);
  if (process.env['OVERLOAD_CPU_PROF']) {
    const { byFunction, byFile, totalMs } = selfTimes(JSON.parse(readFileSync(join(timingDir, `agency.${senderPid}.cpuprofile`), 'utf8')));
    console.log(`${SENDER}: ${(totalMs / 1000).toFixed(1)} s sampled (${timingDir})`);
    for (const r of [...byFunction.slice(0, 30), ...byFile.slice(0, 12)]) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
  }
} catch (error) {
  console.log(`no http timing from ${SENDER}: ${(error as Error).message}`);
}
