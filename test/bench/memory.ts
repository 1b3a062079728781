/**
 * `pnpm exec tsx test/bench/memory.ts`: where a node's resident memory goes after the benchmark's
 * load. A fresh federation (th-msdhs, la-mlsw, la-secretariat) runs the phases `pnpm bench` runs
 * (warm-up, closed loops at 16/32/64 clients, 100/s, 3× overload, Thai notes, 100,000 notes seeded
 * and a closed loop again; MEMORY_QUICK=1 stops before the seeding), then each node reports its
 * RSS, `process.memoryUsage()` and V8's heap spaces (memory-preload.mjs, on SIGUSR2); with
 * MEMORY_SNAPSHOT=1 each node also writes a heap snapshot, summarised by constructor; with
 * MEMORY_IDLE_S=n it reports again after n idle seconds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchFederation } from './federation.ts';
import { closedLoop, login, openLoop, type LoadTarget } from './load.ts';
import { seedMessages } from './seed.ts';
import { sleep } from './stats.ts';

const SENDER = 'th-msdhs';
const RECIPIENT = 'la-mlsw';
const dir = mkdtempSync(join(tmpdir(), 'mou-memory-'));
process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${fileURLToPath(new URL('./memory-preload.mjs', import.meta.url))}`.trim();
process.env['MOU_MEMORY_DIR'] = dir;
if (process.env['MEMORY_SNAPSHOT']) process.env['MOU_HEAP_SNAPSHOT'] = '1';
const fed = await startBenchFederation(240_000, [SENDER, RECIPIENT, 'la-secretariat']);
delete process.env['NODE_OPTIONS'];

/** Asks each node for its memory report and waits for the files. */
async function report(label: string): Promise<void> {
  console.log(`\n${label}`);
  for (const id of [SENDER, RECIPIENT, 'la-secretariat']) {
    const pid = fed.agencies[id]!.pid;
    const file = join(dir, `memory.${pid}.json`);
    const snapshot = join(dir, `heap.${pid}.heapsnapshot`);
    rmSync(file, { force: true });
    rmSync(snapshot, { force: true });
    const rss = fed.rssMiB(id);
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 600 && !existsSync(file); i++) await sleep(100);
    await sleep(200);
    const m = JSON.parse(readFileSync(file, 'utf8')) as { memoryUsage: Record<string, number>; spaces: Record<string, { size: number; used: number }> };
    const spaces = Object.entries(m.spaces).filter(([, s]) => s.size > 1).map(([n, s]) => `${n.replace('_space', '')} ${s.used}/${s.size}`).join(', ');
    console.log(`  ${id}: rss ${Math.round(rss)} MiB; ${JSON.stringify(m.memoryUsage)}; spaces (used/size MiB): ${spaces}`);
    if (existsSync(snapshot)) summariseSnapshot(snapshot);
  }
}

/** The heap snapshot's self sizes by node type and constructor name, largest first. */
function summariseSnapshot(file: string): void {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const f = snap.snapshot.meta.node_fields;
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = snap.snapshot.meta.node_types[0];
  const by = new Map<string, { n: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + iType]!]!;
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '(strings)' : snap.strings[snap.nodes[i + iName]!]!.slice(0, 60);
    const k = `${type}: ${name}`;
    const e = by.get(k) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += snap.nodes[i + iSize]!;
    by.set(k, e);
  }
  for (const [k, e] of [...by].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 30)) console.log(`    ${(e.bytes / 1024 / 1024).toFixed(1).padStart(6)} MiB  ${String(e.n).padStart(8)}  ${k}`);
}

try {
  const s = fed.agencies[SENDER]!;
  const target: LoadTarget = { url: s.httpUrl, token: await login(s.httpUrl, s.officer.username, s.officer.password), to: RECIPIENT, agreement: 'la-th', database: fed.database(SENDER) };
  if (!process.env['MEMORY_SNAPSHOT']) await report('after start');
  await closedLoop(target, 300, 16);
  for (const c of [16, 32, 64]) console.log(`c=${c}: ${JSON.stringify(await closedLoop(target, 3_000, c)).slice(0, 200)}`);
  await openLoop(target, 100, 10);
  await openLoop(target, 300, 10);
  await closedLoop({ ...target, lang: 'th' }, 1_500, 32);
  await openLoop({ ...target, lang: 'th' }, 50, 10);
  await report('after the English and Thai phases');
  // MEMORY_IDLE_S=n: n seconds with no load, then again (does V8 give the slack back by itself?).
  if (process.env['MEMORY_IDLE_S']) {
    await sleep(Number(process.env['MEMORY_IDLE_S']) * 1000);
    await report(`after ${process.env['MEMORY_IDLE_S']} s idle`);
  }
  if (!process.env['MEMORY_QUICK']) {
    seedMessages({ agency: SENDER, database: fed.database(SENDER) }, { agency: RECIPIENT, database: fed.database(RECIPIENT) }, 'la-th', 100_000);
    await sleep(1_000); // as run.ts: the client sees the connections closed while it seeded
    await closedLoop(target, 3_000, 32);
    await openLoop(target, 100, 10);
    await sleep(5_000);
    await report('5 s after the seeded phases (where pnpm bench reads agency_rss_mb)');
  }
} finally {
  await fed.stop();
}
console.log(`reports in ${dir}`);
