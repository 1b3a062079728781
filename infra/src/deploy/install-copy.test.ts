import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFederation, type Federation } from '../federation/launch.ts';
import { buildServiceBundle, SERVICES, type ServiceName } from '../federation/node-bundle.ts';
import { copyDeployment, serviceWorkspaces } from './deployment.ts';

// Issue 18's last "done when": the three services run from their bundles with no dev dependency
// installed. The bundles and the manifests they need (with the dependency patches the lockfile
// names) are copied to a folder outside the checkout, `pnpm install --prod --frozen-lockfile
// --offline` installs there from this machine's store, and the directory, the audit and an
// agency node run from the copy with plain node.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// What only developers install (the root's and the packages' devDependencies).
const DEV_ONLY = ['tsx', 'vitest', 'tinypool', 'esbuild', '@types+node', '@types+better-sqlite3', 'playwright-core', 'axe-core', 'yaml'];

let copy: string;
let dataDir: string;
let installed: { ms: number; output: string; status: number | null };
let federation: Federation | undefined;
const storeEntries = () => readdirSync(join(copy, 'node_modules', '.pnpm'));

beforeAll(async () => {
  await Promise.all(SERVICES.map((s) => buildServiceBundle(s)));
  copy = realpathSync(mkdtempSync(join(tmpdir(), 'mou-deployed-')));
  dataDir = mkdtempSync(join(tmpdir(), 'mou-deployed-data-'));
  copyDeployment(copy);
  const started = Date.now();
  const run = spawnSync('pnpm', ['install', '--prod', '--frozen-lockfile', '--offline', '--reporter=append-only'], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CI: 'true' },
  });
  installed = { ms: Date.now() - started, output: `${run.stdout}${run.stderr}`, status: run.status };
}, 180_000);

afterAll(async () => {
  await federation?.stop();
  if (copy) rmSync(copy, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a deployed copy: bundles, manifests, pnpm install --prod', () => {
  it('installs offline from the store, with the SQLite addon from the side-effects cache and no dev dependency', () => {
    expect(installed.status, installed.output).toBe(0);
    console.log(`pnpm install --prod --frozen-lockfile --offline in the copy: ${installed.ms} ms`);
    // The addon was not compiled here (no node-gyp, no prebuild download): pnpm took its built files from the cache.
    expect(installed.output).not.toMatch(/better-sqlite3.*(install\$|Running install script)|node-gyp|prebuild-install/);
    const addon = join(copy, 'packages', 'db', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(addon)).toBe(true);
    const entries = storeEntries();
    expect(entries.some((e) => e.startsWith('better-sqlite3@'))).toBe(true);
    for (const dev of DEV_ONLY) expect(entries.filter((e) => e.startsWith(`${dev}@`)), dev).toEqual([]);
    // TypeScript is a root devDependency and the optional peer of valibot and i18next: .pnpmfile.cjs
    // drops that peer, so the production install stores none, and no package links it or tsx.
    expect(entries.filter((e) => e.startsWith('typescript@')), 'typescript in the store').toEqual([]);
    expect(entries.filter((e) => /^(valibot|i18next)@/.test(e)).length).toBeGreaterThan(0);
    for (const dir of ['.', ...serviceWorkspaces()]) {
      expect(existsSync(join(copy, dir, 'node_modules', 'typescript')), `${dir} links typescript`).toBe(false);
      expect(existsSync(join(copy, dir, 'node_modules', 'tsx')), `${dir} links tsx`).toBe(false);
    }
  });

  it('names no path of the checkout in any bundle', () => {
    for (const s of SERVICES) {
      const text = readFileSync(join(copy, 'services', s, '.build', 'main.mjs'), 'utf8');
      expect(text.includes(ROOT), `${s} names ${ROOT}`).toBe(false);
      expect(text.includes(ROOT.replace(/\/$/, '')), `${s} names the checkout`).toBe(false);
    }
  });

  it('runs the directory, the audit and an agency node from the copy with plain node: ready, the addon and the fonts from the copy', async () => {
    expect(process.env['NODE_OPTIONS'] ?? '').not.toMatch(/tsx|loader|import/);
    const bundles = Object.fromEntries(SERVICES.map((s) => [s, join(copy, 'services', s, '.build', 'main.mjs')])) as Record<ServiceName, string>;
    federation = await launchFederation({
      dataDir,
      root: ROOT,
      bundles,
      file: { http: { host: '127.0.0.1', basePort: 0 }, agencies: [{ id: 'la-mlsw', officer: 'officer', roles: ['liaison-officer'] }] },
    });
    const node = federation.agencies[0]!;
    for (const url of [federation.directoryUrl, federation.auditUrl, node.url]) {
      let status = 0;
      for (let i = 0; i < 120 && status !== 200; i++) {
        status = (await fetch(`${url}/readyz`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status, `${url}/readyz`).toBe(200);
    }
    // The node's SQLite addon is the copy's: mapped from the copy's store, nothing from the checkout.
    const maps = readFileSync(`/proc/${node.pid}/maps`, 'utf8');
    const addons = [...new Set(maps.split('\n').filter((l) => l.endsWith('better_sqlite3.node')).map((l) => l.slice(l.indexOf('/'))))];
    expect(addons).toHaveLength(1);
    expect(addons[0]!.startsWith(`${copy}/`), addons[0]).toBe(true);
    expect(maps).not.toContain(ROOT);
    // The fonts it serves come from the copy's packages (read on demand, relative to the bundle).
    const css = await (await fetch(`${node.url}/assets/fonts/lao.css`)).text();
    const file = /\/assets\/fonts\/files\/([a-z0-9-]+\.woff2)/.exec(css)?.[1];
    expect(file).toBeDefined();
    const font = await fetch(`${node.url}/assets/fonts/files/${file}`);
    expect(font.status).toBe(200);
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // The audit's dashboard script, read beside its module at start, is the copied one.
    expect(existsSync(join(copy, 'services', 'audit', 'src', 'http', 'dashboard', 'dashboard.js'))).toBe(true);
  }, 120_000);
});
