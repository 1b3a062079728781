import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServiceBundle, SERVICES } from './federation/node-bundle.ts';

/**
 * `pnpm build`: one bundle per service (`services/<name>/.build/main.mjs`), each run with plain
 * node: `node services/directory/.build/main.mjs --config directory.json`. `pnpm start`, the
 * systemd units and the container image run these.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
for (const service of SERVICES) {
  const started = Date.now();
  const bundle = await buildServiceBundle(service);
  const kib = Math.round(statSync(bundle).size / 1024);
  console.log(`${service.padEnd(10)} ${relative(root, bundle)}  ${kib} KiB  ${Date.now() - started} ms`);
}
