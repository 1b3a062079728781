/**
 * The repository's import graph, read from the source text: every relative `import`/`export …
 * from` between non-test `.ts`/`.tsx` files of `packages/*`, `services/*` and `infra/`. Type-only
 * imports are left out: they vanish at run time and cannot close a loading circle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..');

const SKIP = new Set(['node_modules', '.build', 'dist', '.data']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The source folders the graph covers: each package's and service's `src`, and infra's. */
export function sourceRoots(): string[] {
  const under = (d: string) => readdirSync(join(ROOT, d)).map((n) => join(ROOT, d, n, 'src'));
  return [...under('packages'), ...under('services'), join(ROOT, 'infra/src')].filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
}

// `import x from './a.ts'`, `export { y } from '../b.ts'`, `import './c.ts'`; not `import type`.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Each file (repository-relative) and the files it imports at run time. */
export function importGraph(roots: readonly string[] = sourceRoots()): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of roots.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => relative(ROOT, resolve(dirname(file), m[1]!)));
    graph.set(relative(ROOT, file), targets.filter((t) => /\.tsx?$/.test(t)));
  }
  return graph;
}

/** Every import circle, each as the files around it (first file repeated at the end). */
export function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}
