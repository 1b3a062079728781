/**
 * `tsx test/bench/profile.ts [dir]`: the benchmark's federation with every agency node under
 * `--cpu-prof`, driven th-msdhs → la-mlsw by a closed loop (2,000 notes, 32 clients) and 100/s
 * for 5 s; then prints the sender's, the recipient's and the audit's top self-time functions. The profiles
 * (one per node process, named by pid) stay in `dir` (default: a temp folder).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfTimes } from './cpuprofile-summary.ts';
import { startBenchFederation } from './federation.ts';
import { closedLoop, login, openLoop } from './load.ts';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'mou-prof-'));
mkdirSync(dir, { recursive: true });
// Node 20 refuses --cpu-prof in NODE_OPTIONS: a preload profiles each agency node instead.
process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${fileURLToPath(new URL('./cpu-prof-preload.mjs', import.meta.url))}`.trim();
process.env['MOU_CPU_PROF_DIR'] = dir;
// With PROFILE_SQL=1, SQL statements are timed instead (sql.<pid>.json in dir): the profiler's
// executeQuery line cannot say which statement the time went to.
if (process.env['PROFILE_SQL']) {
  process.env['NODE_OPTIONS'] = `--import ${fileURLToPath(new URL('./sql-timing-preload.mjs', import.meta.url))}`;
  process.env['MOU_SQL_TIMING_DIR'] = dir;
}
const fed = await startBenchFederation(240_000);
delete process.env['NODE_OPTIONS'];
delete process.env['MOU_CPU_PROF_DIR'];
delete process.env['MOU_SQL_TIMING_DIR'];
const [SENDER, RECIPIENT] = ['th-msdhs', 'la-mlsw'];
const pids: Record<string, number> = {};
try {
  const s = fed.agencies[SENDER]!;
  pids[SENDER] = s.pid;
  pids[RECIPIENT] = fed.agencies[RECIPIENT]!.pid;
  pids['audit'] = fed.pids()['audit']!;
  const target = { url: s.httpUrl, token: await login(s.httpUrl, s.officer.username, s.officer.password), to: RECIPIENT, agreement: 'la-th', database: fed.database(SENDER) };
  console.log(`ready in ${fed.readySeconds.toFixed(1)} s`);
  const closed = await closedLoop(target, Number(process.env['PROFILE_COUNT'] ?? 2000), 32);
  console.log('closed loop c=32:', JSON.stringify(closed));
  const at100 = await openLoop(target, 100, 5);
  console.log('open loop 100/s:', JSON.stringify(at100));
} finally {
  await fed.stop();
}
for (const [id, pid] of Object.entries(pids)) {
  const file = readdirSync(dir).find((f) => f === `${id === 'audit' ? 'audit' : 'agency'}.${pid}.cpuprofile`);
  if (!file) {
    console.log(`${id}: no profile for pid ${pid} in ${dir}`);
    continue;
  }
  const { byFunction, byFile, totalMs } = selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  console.log(`\n${id} (${join(dir, file)}): ${(totalMs / 1000).toFixed(1)} s sampled`);
  for (const r of byFunction.slice(0, 25)) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
  console.log('  by package/file:');
  for (const r of byFile.slice(0, 12)) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
}
