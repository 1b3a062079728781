import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFiles, bundlePath, SERVICES } from '../federation/node-bundle.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The workspace's folders that hold packages (pnpm-workspace.yaml). */
const PACKAGE_GROUPS = ['packages', 'services'];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/**
 * The workspace packages the three services need at run time: their own folders and those of
 * every `workspace:` dependency, transitively (relative paths, sorted). Not the CLI (it runs its
 * sources through tsx), not infra or test.
 */
export function serviceWorkspaces(root = ROOT): string[] {
  const byName = new Map<string, string>();
  for (const group of PACKAGE_GROUPS) {
    for (const d of readdirSync(join(root, group))) {
      const dir = join(root, group, d);
      if (existsSync(join(dir, 'package.json'))) byName.set(manifest(dir).name, relative(root, dir));
    }
  }
  const need = new Set<string>();
  const queue = SERVICES.map((s) => join('services', s));
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (need.has(dir)) continue;
    need.add(dir);
    for (const [name, range] of Object.entries(manifest(join(root, dir)).dependencies ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const at = byName.get(name);
      if (!at) throw new Error(`${dir} depends on ${name}, which is not in the workspace`);
      queue.push(at);
    }
  }
  return [...need].sort();
}

/**
 * What a deployment of the three services consists of, relative to the repository root: the
 * root manifest, lockfile, workspace file, pnpmfile and dependency patches, the package manifests of {@link serviceWorkspaces},
 * each service's bundle (`pnpm build`) and the files it reads beside its modules. Copied to a
 * folder, `pnpm install --prod --frozen-lockfile` there installs the production dependencies and
 * nothing else is needed: `node services/<name>/.build/main.mjs …` runs each service.
 * Throws if a bundle is not built.
 */
export function deploymentFiles(root = ROOT): string[] {
  // .pnpmfile.cjs drops TypeScript as valibot's and i18next's optional peer: the lockfile's
  // checksum of it must match, or `pnpm install --frozen-lockfile` refuses.
  const files = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...['.npmrc', '.pnpmfile.cjs'].filter((f) => existsSync(join(root, f))), ...patchFiles(root)];
  for (const dir of serviceWorkspaces(root)) files.push(join(dir, 'package.json'));
  for (const service of SERVICES) {
    const bundle = bundlePath(service);
    if (!existsSync(bundle)) throw new Error(`${relative(root, bundle)} is not built: run pnpm build`);
    files.push(relative(root, bundle), ...bundleFiles(service));
  }
  return files;
}

/**
 * The dependency patches (`patches/*.patch`, named under `patchedDependencies` in
 * pnpm-workspace.yaml): pnpm reads every patch the lockfile names to check it, even in a `--prod`
 * install that leaves the patched package (tinypool, a development one) out.
 */
export function patchFiles(root = ROOT): string[] {
  const dir = join(root, 'patches');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => join('patches', f)) : [];
}

/**
 * Copies {@link deploymentFiles} into `dest` (created), keeping their relative paths.
 *
 * @example
 * copyDeployment('/opt/mou-hub'); // then: cd /opt/mou-hub && pnpm install --prod --frozen-lockfile
 */
export function copyDeployment(dest: string, root = ROOT): string[] {
  const files = deploymentFiles(root);
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(root, f), join(dest, f));
  }
  return files;
}
