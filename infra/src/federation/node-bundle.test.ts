import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildServiceBundle, bundleImports, isCurrentBundle, SERVICES, type ServiceName } from './node-bundle.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const USAGE: Record<ServiceName, RegExp> = {
  agency: /usage: main\.ts <agency config JSON file>/,
  directory: /directory: give --config/,
  audit: /audit: give --config/,
};
// What only developers install: none of it may be loaded by a bundle.
const DEV_ONLY = ['tsx', 'typescript', 'vitest', 'esbuild', '@types/', 'playwright-core', 'axe-core'];

describe('service bundles (pnpm build)', () => {
  it.each(SERVICES)('%s: one ES module that loads every module with plain node', async (service) => {
    const bundle = await buildServiceBundle(service);
    expect(bundle).toBe(join(ROOT, 'services', service, '.build', 'main.mjs'));
    // Static imports are evaluated before main.ts reads its arguments: reaching the usage line
    // proves the whole graph loads (a missing module or a bad require would fail first).
    const run = spawnSync(process.execPath, [bundle], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env['PATH'] ?? '', VITEST: '' } });
    expect(run.stderr).toMatch(USAGE[service]);
    expect(run.status).toBe(2);
  }, 90_000);

  it.each(SERVICES)('%s: loads nothing but Node built-ins and the native SQLite addon, no dev dependency', async (service) => {
    const text = readFileSync(await buildServiceBundle(service), 'utf8');
    const imports = bundleImports(service);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const outside = imports.filter((m) => !builtins.has(m));
    // Named from the bundle through the db package's link, not by pnpm's store path: the tree may be copied.
    const native = outside.filter((m) => /^\.\.\/\.\.\/\.\.\/packages\/db\/node_modules\/better-sqlite3\/lib\/index\.js$/.test(m));
    expect(native).toHaveLength(1); // the check can fail: the addon is found
    // hono-openapi's optional schema libraries (effect, zod, …): only a dynamic import behind a
    // "missing dependency" guard, for schemas this project does not use, and installed nowhere.
    const fromService = createRequire(join(ROOT, 'services', service, 'package.json'));
    for (const m of outside.filter((x) => !native.includes(x))) {
      expect(text, `${service} imports ${m}`).toContain(`import("${m}")`);
      expect(() => fromService.resolve(m), `${m} is installed`).toThrow();
    }
    for (const dev of DEV_ONLY) expect(text.includes(`/node_modules/${dev}`) || text.includes(`node_modules/.pnpm/${dev.replace('/', '+')}`), `${service} names ${dev}`).toBe(false);
  }, 90_000);
});

describe('a bundle is reused only while nothing it was made from changed', () => {
  it('is current after its build, and not once an input is newer, gone, or its record missing or unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mou-bundle-current-'));
    try {
      const [a, b, out] = ['a.ts', 'b.ts', 'main.mjs'].map((f) => join(dir, f)) as [string, string, string];
      writeFileSync(a, 'export const a = 1;');
      writeFileSync(b, 'export const b = 2;');
      const past = (Date.now() - 60_000) / 1000;
      utimesSync(a, past, past);
      utimesSync(b, past, past);
      const started = Date.now() - 1_000;
      writeFileSync(out, '// bundle');
      const record = (r: unknown) => writeFileSync(`${out}.inputs.json`, JSON.stringify(r));
      expect(isCurrentBundle(out)).toBe(false); // no record yet
      record({ started, inputs: [a, b].map((f) => relative(ROOT, f)) });
      expect(isCurrentBundle(out)).toBe(true);
      // An input saved after the build began (even while it ran): built again.
      utimesSync(b, started / 1000 + 0.5, started / 1000 + 0.5);
      expect(isCurrentBundle(out)).toBe(false);
      utimesSync(b, past, past);
      expect(isCurrentBundle(out)).toBe(true);
      rmSync(a);
      expect(isCurrentBundle(out)).toBe(false);
      writeFileSync(`${out}.inputs.json`, '{not json');
      expect(isCurrentBundle(out)).toBe(false);
      record({ started, inputs: [] });
      expect(isCurrentBundle(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

