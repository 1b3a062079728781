import { loadAgencyConfig } from './config.ts';
import { startAgencyNode } from './node.ts';

/** Runs one agency node: `tsx services/agency/src/main.ts <config.json>` (or AGENCY_CONFIG). */
const file = process.argv[2] ?? process.env['AGENCY_CONFIG'];
if (!file) {
  console.error('usage: main.ts <agency config JSON file> (or set AGENCY_CONFIG)');
  process.exit(2);
}
// Everything the node creates (database, WAL, logs, keys) is its own user's alone.
process.umask(0o077);
const node = await startAgencyNode(loadAgencyConfig(file));
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  // Committed work is safe in SQLite and on the stream; give the graceful path 10 s at most.
  setTimeout(() => process.exit(1), 10_000).unref();
  node.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by the local federation with an IPC channel: if the launcher dies, so does the node.
process.on('disconnect', stop);
