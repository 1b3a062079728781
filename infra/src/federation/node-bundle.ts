import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DB_PACKAGE = join(ROOT, 'packages', 'db');
/** Native addons stay outside the bundle, imported from where pnpm installed them. */
const NATIVE = ['better-sqlite3'];

/** The three services that run as processes of their own. */
export const SERVICES = ['agency', 'directory', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Where `pnpm build` writes a service's bundle: `services/<name>/.build/main.mjs` (ignored by git). */
export function bundlePath(service: ServiceName): string {
  return join(ROOT, 'services', service, '.build', 'main.mjs');
}

/**
 * The repository files (relative paths) a bundle reads beside its modules at run time, such as
 * the audit dashboard's script: `<bundle>.files.json`. A deployment copies them with the bundle.
 */
export function bundleFiles(service: ServiceName): string[] {
  return JSON.parse(readFileSync(`${bundlePath(service)}.files.json`, 'utf8')) as string[];
}

/** What a bundle loads at run time, as esbuild recorded it: `<bundle>.imports.json` beside it. */
export function bundleImports(service: ServiceName): string[] {
  return JSON.parse(readFileSync(`${bundlePath(service)}.imports.json`, 'utf8')) as string[];
}

/**
 * Bundles `services/<service>/src/main.ts` into one ES module that runs with plain `node` (no
 * tsx, no TypeScript, no dev dependency) and answers its path. Why: a service started through tsx
 * spends about 3 s of CPU loading and transforming a few hundred TypeScript files; the bundle
 * loads in about 0.3 s. Written under a temporary name then renamed, so a concurrent launcher
 * never sees half a file. Two things stay where pnpm installed them, so the bundle runs inside
 * an installation (a checkout, or a copy with `pnpm install --prod`): the native SQLite addon,
 * and the files modules read beside themselves (fonts, Chart.js, the dashboard's script). Both
 * are named relative to the bundle, never by an absolute path: the tree runs wherever it is
 * copied (`/opt/mou-hub`, `/app` in the image), as infra/src/deploy/install-copy.test.ts proves.
 * The files read beside a module are listed in `<bundle>.files.json` (see {@link bundleFiles}).
 */
export async function buildServiceBundle(service: ServiceName): Promise<string> {
  const out = bundlePath(service);
  const started = Date.now();
  const tmp = `${out}.${process.pid}.${started}.tmp`;
  mkdirSync(dirname(out), { recursive: true });
  const besides = new Set<string>();
  try {
    const result = await build({
      entryPoints: [join(ROOT, 'services', service, 'src', 'main.ts')],
      metafile: true,
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Bundled CommonJS (pino, prom-client, …) still calls require for Node's built-ins.
      banner: { js: "import { createRequire as __mouCreateRequire } from 'node:module'; const require = __mouCreateRequire(import.meta.url);" },
      plugins: [nativeExternal(dirname(out)), sourceLocation(dirname(out), besides)],
    });
    // The modules left outside the bundle (Node's built-ins, the native addon): what a deployment must provide.
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    writeFileSync(`${out}.imports.json`, `${JSON.stringify([...new Set(imports)].sort(), null, 2)}\n`);
    writeFileSync(`${out}.files.json`, `${JSON.stringify([...besides].sort(), null, 2)}\n`);
    renameSync(tmp, out);
    // Every file the bundle was made from, and when it began reading them: see currentServiceBundle.
    const inputs = Object.keys(result.metafile.inputs).map((i) => relative(ROOT, resolve(i)).split(sep).join('/'));
    writeFileSync(`${out}.inputs.json`, `${JSON.stringify({ started, inputs }, null, 2)}\n`);
    return out;
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * The service's bundle as {@link buildServiceBundle} makes it, built again only when a file it
 * was made from (a source, a dependency's module), the lockfile or this builder changed since
 * that build began: the launcher never runs stale sources, and a start does not spend about 2 s
 * of both cores bundling what it bundled last time (`pnpm start` to ready was 10-11 s, issue 21).
 */
export async function currentServiceBundle(service: ServiceName): Promise<string> {
  const out = bundlePath(service);
  return isCurrentBundle(out) ? out : buildServiceBundle(service);
}

/** Whether the bundle at `out` is newer than every file its `<out>.inputs.json` names (and the lockfile, and this builder). */
export function isCurrentBundle(out: string): boolean {
  try {
    const { started, inputs } = JSON.parse(readFileSync(`${out}.inputs.json`, 'utf8')) as { started: number; inputs: string[] };
    if (!Number.isFinite(started) || !Array.isArray(inputs) || inputs.length === 0 || statSync(out).mtimeMs < started) return false;
    const sources = [...inputs.map((i) => join(ROOT, i)), join(ROOT, 'pnpm-lock.yaml'), fileURLToPath(import.meta.url)];
    return sources.every((f) => statSync(f).mtimeMs < started);
  } catch {
    // No bundle, no record of its inputs, or an input gone: build.
    return false;
  }
}

/** A path from the bundle's folder, as an ES module specifier (`../../../packages/…`). */
function fromBundle(outDir: string, file: string): string {
  return relative(outDir, file).split(sep).join('/');
}

/**
 * Marks native packages external, named relative to the bundle through the db package's own
 * `node_modules` link (pnpm's links are relative, so they hold in a copy of the tree).
 */
function nativeExternal(outDir: string): Plugin {
  const fromDb = createRequire(join(DB_PACKAGE, 'package.json'));
  return {
    name: 'native-external',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${NATIVE.join('|')})$`) }, (args) => {
        // The entry file inside the package, reached through the link rather than pnpm's store path.
        const main = fromDb.resolve(args.path);
        const pkgDir = dirname(fromDb.resolve(`${args.path}/package.json`));
        const linked = join(DB_PACKAGE, 'node_modules', args.path, relative(pkgDir, main));
        return { path: fromBundle(outDir, linked), external: true };
      });
    },
  };
}

/**
 * Gives each workspace module that uses `import.meta.url` its source file's URL, computed at run
 * time from the bundle's own URL and the relative path between them: modules that read a file
 * beside them, or resolve a package from where they sit (web-kit's fonts and htmx, the audit's
 * Chart.js and dashboard script), find it as they do under tsx, wherever the tree was copied.
 */
function sourceLocation(outDir: string, besides: Set<string>): Plugin {
  return {
    name: 'source-location',
    setup(b) {
      b.onLoad({ filter: /\/(packages|services)\/[^/]+\/src\/.*\.tsx?$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const url = `new URL(${JSON.stringify(fromBundle(outDir, args.path))}, import.meta.url).href`;
        // `new URL('./file', import.meta.url)`: a file read beside the module, which a deployment must carry.
        for (const [, file] of text.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) {
          const path = join(dirname(args.path), file!);
          if (existsSync(path)) besides.add(relative(ROOT, path).split(sep).join('/'));
        }
        return {
          contents: text.replaceAll('import.meta.url', url),
          loader: args.path.endsWith('x') ? 'tsx' : 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}
