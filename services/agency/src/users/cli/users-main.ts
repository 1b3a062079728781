import { createInterface } from 'node:readline';
import { migrate, openDatabase } from '@mou-hub/db';
import { loadAgencyConfig } from '../../config.ts';
import { migrations } from '../../platform/migrations.ts';
import type { AgencyDatabase } from '../../platform/schema.ts';
import { runUsersCli, USAGE } from './users.ts';

/** `pnpm -s users <config.json> <command> …`: user administration on the node's own database. */
const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error(USAGE);
  process.exit(2);
}
const config = loadAgencyConfig(file);
const { db, close } = openDatabase<AgencyDatabase>(config.database);
await migrate(db, migrations);
const code = await runUsersCli(db, rest, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readPassword: async () => {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) return line;
    return '';
  },
}).catch((err: unknown) => {
  console.error(String(err instanceof Error ? err.message : err));
  return 2;
});
await close();
process.exit(code);
