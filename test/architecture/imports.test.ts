/**
 * The architecture, checked on the import graph (import-graph.ts): no loading circles anywhere,
 * no package reaching into another's files, and in the agency node imports that run one way:
 * edges (routes, pages) → use cases → rules and stores → platform.
 */
import { describe, expect, it } from 'vitest';
import { circles, importGraph } from './import-graph.ts';

const graph = importGraph();
const AGENCY = 'services/agency/src/';
/** The agency's composition root: it wires the features together, so nothing may import it. */
const COMPOSITION = ['node.ts', 'main.ts', 'index.ts', 'metrics.ts', 'http/app.ts', 'http/console-routes.ts', 'http/test-app.ts'];

/** Every import as [from, to], paths relative to the agency's src when both are inside it. */
function agencyImports(): [string, string][] {
  return [...graph].flatMap(([from, tos]) =>
    from.startsWith(AGENCY) ? tos.filter((t) => t.startsWith(AGENCY)).map((t) => [from.slice(AGENCY.length), t.slice(AGENCY.length)] as [string, string]) : [],
  );
}
/** A feature's routes or pages (the top-level `http/` holds the shared kit and the composition root). */
const isEdge = (f: string) => /^[^/]+\/(http|pages)\//.test(f);
const breaking = (rule: (from: string, to: string) => boolean) => agencyImports().filter(([f, t]) => rule(f, t)).map(([f, t]) => `${f} → ${t}`);

describe('imports', () => {
  it('reads the whole tree (the walk finds the files)', () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.get(`${AGENCY}node.ts`)?.length).toBeGreaterThan(5);
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(circles(g)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('form no circle in any package or service', () => {
    expect(circles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('never reach into another package by a relative path (packages import each other by name)', () => {
    const home = (f: string) => f.split('/').slice(0, f.startsWith('infra/') ? 1 : 2).join('/') + '/';
    const escaping = [...graph].flatMap(([f, tos]) => tos.filter((t) => !t.startsWith(home(f))).map((t) => `${f} → ${t}`));
    expect(escaping).toEqual([]);
  });
});

describe('the agency node runs one way', () => {
  it('nothing imports the composition root but the root itself', () => {
    expect(breaking((f, t) => COMPOSITION.includes(t) && !COMPOSITION.includes(f))).toEqual([]);
  });

  it('pure rules import only pure rules', () => {
    expect(breaking((f, t) => f.includes('rules/') && !t.includes('rules/'))).toEqual([]);
  });

  it('platform/ imports only platform/ (it has no business meaning)', () => {
    expect(breaking((f, t) => f.startsWith('platform/') && !t.startsWith('platform/'))).toEqual([]);
  });

  it('routes and pages are imported only by routes, pages and the composition root', () => {
    expect(breaking((f, t) => isEdge(t) && !isEdge(f) && !COMPOSITION.includes(f))).toEqual([]);
  });

  it('the console frame imports only itself and the role table', () => {
    expect(breaking((f, t) => f.startsWith('console/') && !t.startsWith('console/') && t !== 'http/access.ts')).toEqual([]);
  });
});
