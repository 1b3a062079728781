/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`): the functions with the most self
 * time, and the files (packages) they live in. `tsx test/bench/cpuprofile-summary.ts <file>… [--top 25]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One row of the summary: self time in ms and as a share of the sampled time. */
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/work\/main\//, '');

/** Self time per function (name + file:line) and per file, from the samples' time deltas. */
export function selfTimes(profile: CpuProfile): { byFunction: SelfTime[]; byFile: SelfTime[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const n = byId.get(id);
    if (!n) return;
    total += us;
    const url = shortUrl(n.callFrame.url);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
    const f = url ? url.split('/').slice(0, url.startsWith('node:') ? 1 : 2).join('/') : n.callFrame.functionName;
    file.set(f, (file.get(f) ?? 0) + us);
  });
  const rows = (m: Map<string, number>) =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000, share: total ? us / total : 0 })).sort((a, b) => b.ms - a.ms);
  return { byFunction: rows(fn), byFile: rows(file), totalMs: total / 1000 };
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const files = topAt >= 0 ? args.filter((_, i) => i !== topAt && i !== topAt + 1) : args;
  for (const f of files) {
    const { byFunction, byFile, totalMs } = selfTimes(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
    console.log(`\n${f}: ${(totalMs / 1000).toFixed(1)} s sampled`);
    console.log('  self time by function:');
    for (const r of byFunction.slice(0, top)) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
    console.log('  self time by package/file:');
    for (const r of byFile.slice(0, 15)) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
