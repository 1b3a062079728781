import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFederationFile } from './federation/federation-file.ts';
import { launchFederation } from './federation/launch.ts';

/**
 * `pnpm start [--fresh]`: the local federation on one machine.
 * MOU_DATA_DIR (default `.data`), MOU_FEDERATION_FILE (default `infra/federation.json`) and
 * NATS_URL (use that server instead of starting one) change where and what.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = process.env['MOU_DATA_DIR'] ?? join(root, '.data');
const file = loadFederationFile(process.env['MOU_FEDERATION_FILE'] ?? join(root, 'infra', 'federation.json'));
const fresh = process.argv.includes('--fresh');
// Keys, secrets, databases and logs under the data folder are this user's alone (0700/0600).
process.umask(0o077);
const say = (line: string) => console.log(line);
// A closed terminal must not turn into a crash that leaves the nodes running.
process.stdout.on('error', () => {});

say(`mou-hub local federation: ${file.agencies.length} agencies${fresh ? ' (fresh start)' : ''}`);
const federation = await launchFederation({ dataDir, file, fresh, natsUrl: process.env['NATS_URL'], root, say }).catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') {
    console.error(`\nport ${e.port} is taken: is another federation (or another program) running? Stop it, or set http.basePort in infra/federation.json.`);
  } else {
    console.error(`\ncould not start the federation: ${e.stack ?? String(err)}`);
  }
  process.exit(1);
});

const rows = federation.agencies.map((a) => {
  const { officer, admin } = federation.prepared.agencies.find((p) => p.id === a.id)!;
  // The console is at each node's URL; `admin` (password in the last column) administers its users.
  return { agency: a.id, console: `${a.url}/`, officer: officer.username, password: officer.password, 'admin password': admin.password };
});
console.table(rows);
say(`directory: ${federation.directoryUrl}/directory   (admin: ${federation.prepared.directory.admin.username} / ${federation.prepared.directory.admin.password})`);
say(`facts for scripts: ${join(dataDir, 'federation.json')}; logs: ${join(dataDir, 'agencies', '<id>', 'node.log')}, ${join(dataDir, 'directory', 'directory.log')}`);
say('ready. Ctrl-C stops everything.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('\nstopping the federation…');
    federation.stop().then(
      () => {
        say('stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
