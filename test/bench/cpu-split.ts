/**
 * `pnpm exec tsx test/bench/cpu-split.ts [notes] [rate]`: where a note's CPU goes, process by process.
 * The benchmark's federation (the launcher's separate processes) carries `notes` English notes
 * th-msdhs → la-mlsw in a closed loop of 32 clients (after a warm-up), or at `rate` notes a
 * second when given (an open loop: the same work whatever the load shedding), and each process's
 * CPU time (user + system, from /proc) over the loop is printed per delivered note: the sender,
 * the recipient, the audit, nats-server, the directory, the idle nodes and this load generator;
 * for the sender and the recipient also their main thread's (the event loop's) share, which
 * bounds what one node carries.
 */
import { startBenchFederation } from './federation.ts';
import { closedLoop, login, openLoop } from './load.ts';
import { cpuMs } from './stats.ts';

const NOTES = Number(process.argv[2] ?? 3000);
const RATE = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const fed = await startBenchFederation(240_000);
try {
  const s = fed.agencies['th-msdhs']!;
  const target = { url: s.httpUrl, token: await login(s.httpUrl, s.officer.username, s.officer.password), to: 'la-mlsw', agreement: 'la-th', database: fed.database('th-msdhs') };
  await closedLoop(target, 300, 16);
  const pids = fed.pids();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const mains = ['th-msdhs', 'la-mlsw'].map((name) => ({ name: `${name} main`, pid: pids[name]!, before: cpuMs(pids[name]!, pids[name]!) }));
  const self = process.cpuUsage();
  const started = Date.now();
  const run = RATE === undefined ? await closedLoop(target, NOTES, 32) : await openLoop(target, RATE, NOTES / RATE);
  const wallS = (Date.now() - started) / 1000;
  const used = Object.entries(pids).map(([name, pid]) => ({ name, ms: cpuMs(pid) - before[name]! }));
  const mainUsed = mains.map((m) => ({ name: m.name, ms: cpuMs(m.pid, m.pid) - m.before }));
  const mine = process.cpuUsage(self);
  used.push({ name: 'load generator', ms: (mine.user + mine.system) / 1000 });
  const notes = run.delivered;
  const total = used.reduce((a, u) => a + u.ms, 0);
  console.log(`${notes} notes in ${wallS.toFixed(1)} s (${(notes / wallS).toFixed(0)}/s); CPU ${(total / 1000).toFixed(1)} s = ${(total / notes).toFixed(2)} ms a note, ${(total / 1000 / wallS).toFixed(2)} cores`);
  for (const u of used.sort((a, b) => b.ms - a.ms)) {
    if (u.ms < total / 200) continue;
    console.log(`  ${u.name.padEnd(16)} ${(u.ms / notes).toFixed(2).padStart(6)} ms a note  ${((100 * u.ms) / total).toFixed(0).padStart(3)} %`);
  }
  for (const m of mainUsed) console.log(`  ${m.name.padEnd(16)} ${(m.ms / notes).toFixed(2).padStart(6)} ms a note (its event loop ${((100 * m.ms) / 1000 / wallS).toFixed(0)} % busy on a core)`);
  console.log(`  latency p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms; refused ${run.refused}, errors ${run.errors}`);
} finally {
  await fed.stop();
}
