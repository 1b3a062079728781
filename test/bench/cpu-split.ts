/**
 * `pnpm exec tsx test/bench/cpu-split.ts [notes]`: where a note's CPU goes, process by process.
 * The benchmark's federation (the launcher's separate processes) carries `notes` English notes
 * th-msdhs → la-mlsw in a closed loop of 32 clients (after a warm-up), and each process's CPU
 * time (user + system, from /proc) over the loop is printed per delivered note: the sender, the
 * recipient, the audit, nats-server, the directory, the idle nodes and this load generator.
 */
import { startBenchFederation } from './federation.ts';
import { closedLoop, login } from './load.ts';
import { cpuMs } from './stats.ts';

const NOTES = Number(process.argv[2] ?? 3000);
const fed = await startBenchFederation(240_000);
try {
  const s = fed.agencies['th-msdhs']!;
  const target = { url: s.httpUrl, token: await login(s.httpUrl, s.officer.username, s.officer.password), to: 'la-mlsw', agreement: 'la-th', database: fed.database('th-msdhs') };
  await closedLoop(target, 300, 16);
  const pids = fed.pids();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const self = process.cpuUsage();
  const started = Date.now();
  const run = await closedLoop(target, NOTES, 32);
  const wallS = (Date.now() - started) / 1000;
  const used = Object.entries(pids).map(([name, pid]) => ({ name, ms: cpuMs(pid) - before[name]! }));
  const mine = process.cpuUsage(self);
  used.push({ name: 'load generator', ms: (mine.user + mine.system) / 1000 });
  const notes = run.delivered;
  const total = used.reduce((a, u) => a + u.ms, 0);
  console.log(`${notes} notes in ${wallS.toFixed(1)} s (${(notes / wallS).toFixed(0)}/s); CPU ${(total / 1000).toFixed(1)} s = ${(total / notes).toFixed(2)} ms a note, ${(total / 1000 / wallS).toFixed(2)} cores`);
  for (const u of used.sort((a, b) => b.ms - a.ms)) {
    if (u.ms < total / 200) continue;
    console.log(`  ${u.name.padEnd(16)} ${(u.ms / notes).toFixed(2).padStart(6)} ms a note  ${((100 * u.ms) / total).toFixed(0).padStart(3)} %`);
  }
} finally {
  await fed.stop();
}
