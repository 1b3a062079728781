import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyDeployment } from './deploy/deployment.ts';
import { buildServiceBundle, SERVICES } from './federation/node-bundle.ts';

/**
 * `pnpm build [--out <dir>]`: one bundle per service (`services/<name>/.build/main.mjs`), each run
 * with plain node: `node services/directory/.build/main.mjs --config directory.json`. `pnpm start`,
 * the systemd units and the container image run these. With `--out`, also copies what a service
 * host needs (the bundles, the files they read, the manifests and the lockfile) to `<dir>`, where
 * `pnpm install --prod --frozen-lockfile` completes it (infra/src/deploy/install-copy.test.ts).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const at = process.argv.indexOf('--out');
const out = at === -1 ? undefined : process.argv[at + 1];
if (at !== -1 && !out) {
  console.error('usage: pnpm build [--out <dir>]');
  process.exit(2);
}
for (const service of SERVICES) {
  const started = Date.now();
  const bundle = await buildServiceBundle(service);
  const kib = Math.round(statSync(bundle).size / 1024);
  console.log(`${service.padEnd(10)} ${relative(root, bundle)}  ${kib} KiB  ${Date.now() - started} ms`);
}
if (out) {
  const dest = resolve(out);
  const files = copyDeployment(dest);
  console.log(`${files.length} files copied to ${dest}; there: pnpm install --prod --frozen-lockfile`);
}
