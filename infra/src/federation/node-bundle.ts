import { createRequire } from 'node:module';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const AGENCY = fileURLToPath(new URL('../../../services/agency/', import.meta.url));
const DB_PACKAGE = fileURLToPath(new URL('../../../packages/db/', import.meta.url));
/** Native addons stay outside the bundle, imported from where pnpm installed them. */
const NATIVE = ['better-sqlite3'];

/**
 * Bundles `services/agency/src/main.ts` into one ES module under `services/agency/.build/`
 * (ignored by git) and answers its path. Why: a node started through tsx spends about 3 s of
 * CPU loading and transforming a few hundred TypeScript files; the bundle loads in about 0.3 s,
 * which is what `pnpm start` waits for eight times on a small machine. The bundle is rebuilt on
 * every call (about a second) so it never runs stale sources, and written under a temporary name
 * then renamed, so concurrent launchers never see half a file. Answers undefined when esbuild
 * fails: the caller runs the sources through tsx as before.
 */
export async function buildAgencyBundle(): Promise<string | undefined> {
  const out = join(AGENCY, '.build', 'main.mjs');
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(dirname(out), { recursive: true });
  try {
    await build({
      entryPoints: [join(AGENCY, 'src', 'main.ts')],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Bundled CommonJS (pino, prom-client, …) still calls require for Node's built-ins.
      banner: { js: "import { createRequire as __mouCreateRequire } from 'node:module'; const require = __mouCreateRequire(import.meta.url);" },
      plugins: [nativeExternal()],
    });
    renameSync(tmp, out);
    return out;
  } catch {
    rmSync(tmp, { force: true });
    return undefined;
  }
}

/** Marks native packages external by absolute path (the agency itself does not depend on them directly). */
function nativeExternal(): Plugin {
  const fromDb = createRequire(join(DB_PACKAGE, 'package.json'));
  return {
    name: 'native-external',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${NATIVE.join('|')})$`) }, (args) => ({ path: fromDb.resolve(args.path), external: true }));
    },
  };
}
