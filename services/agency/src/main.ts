import { loadAgencyConfig } from './config.ts';
import { startAgencyNode } from './node.ts';

/** Runs one agency node: `tsx services/agency/src/main.ts <config.json>` (or AGENCY_CONFIG). */
const file = process.argv[2] ?? process.env['AGENCY_CONFIG'];
if (!file) {
  console.error('usage: main.ts <agency config JSON file> (or set AGENCY_CONFIG)');
  process.exit(2);
}
const node = await startAgencyNode(loadAgencyConfig(file));
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    node.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
