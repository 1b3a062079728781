import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchProduction } from './production/topology.ts';

/**
 * `pnpm start:production [--fresh]`: the production shape on one machine (infra/src/production/):
 * a 3-server hub with TLS from a local CA, generated users with bcrypt hashes, the directory,
 * the audit and the nodes each in its own process from its bundle, and la-emb-beijing behind a
 * leaf node. Data under MOU_DATA_DIR (default `.data/production`). Ctrl-C stops everything.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = process.env['MOU_DATA_DIR'] ?? join(root, '.data', 'production');
process.umask(0o077);
process.stdout.on('error', () => {});
const say = (line: string) => console.log(line);
say('mou-hub production shape on one machine');
const prod = await launchProduction({ dataDir, fresh: process.argv.includes('--fresh'), say }).catch((err: unknown) => {
  console.error(`could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
console.table(
  prod.prepared.agencies.map((a) => ({ agency: a.id, console: `${prod.agencies.get(a.id)!.url}/`, officer: a.officer.username, password: a.officer.password })),
);
say(`hub: ${prod.hubUrls.join(' ')} (CA ${prod.caFile}); monitoring: ${prod.monitorUrls.join(' ')}`);
say(`directory: ${prod.directoryUrl}; audit: ${prod.auditUrl}/dashboard (auditor ${prod.prepared.audit.auditor.username} / ${prod.prepared.audit.auditor.password})`);
say(`logs and data: ${dataDir}. Ready. Ctrl-C stops everything.`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping…');
    prod.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
