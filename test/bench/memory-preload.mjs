// Loaded with `node --import` (NODE_OPTIONS): on SIGUSR2 an agency node writes
// `<MOU_MEMORY_DIR>/memory.<pid>.json` (process.memoryUsage, V8's heap spaces) and, with
// MOU_HEAP_SNAPSHOT=1, a heap snapshot `heap.<pid>.heapsnapshot` beside it. Bench tooling only
// (`test/bench/memory.ts`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';

const dir = process.env.MOU_MEMORY_DIR;
if (dir && process.argv.some((a) => /services\/agency\/(src\/main\.ts|\.build\/main\.mjs)$/.test(a))) {
  process.on('SIGUSR2', () => {
    const mib = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
    const before = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mib(s.space_size), used: mib(s.space_used_size) }]));
    if (process.env.MOU_HEAP_SNAPSHOT) v8.writeHeapSnapshot(join(dir, `heap.${process.pid}.heapsnapshot`));
    writeFileSync(join(dir, `memory.${process.pid}.json`), JSON.stringify({ memoryUsage: Object.fromEntries(Object.entries(before).map(([k, v]) => [k, mib(v)])), spaces, flags: process.execArgv }));
  });
}
