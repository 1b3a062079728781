import { migrate, openDatabase } from '@mou-hub/db';
import type { AgencyConfig } from './config.ts';
import { outboxCounts } from './messages/outbox-store.ts';
import { acceptedDirectory, type AcceptedDirectory } from './platform/directory-state.ts';
import { prepareDatabaseFiles } from './platform/data-files.ts';
import { migrations } from './platform/migrations.ts';
import type { AgencyDatabase } from './platform/schema.ts';
import { runUsersCli, type CliIo } from './users/cli/users.ts';

// What the operator's CLI (`mou`, packages/cli) does on a node's own database, beside the node.

/**
 * Runs a user administration command (`list`, `add`, `disable`, …, see USAGE) on the node's
 * database, migrated first as the node would; answers the exit code.
 *
 * @example
 * const code = await runUsersOnNode(config, ['add', 'admin', '--roles', 'administrator'], io);
 */
export async function runUsersOnNode(config: AgencyConfig, argv: readonly string[], io: CliIo): Promise<number> {
  prepareDatabaseFiles(config.database);
  const { db, close } = openDatabase<AgencyDatabase>(config.database);
  try {
    await migrate(db, migrations);
    return await runUsersCli(db, argv, io);
  } finally {
    await close();
  }
}

/** What a node's database says about its state, for `mou status`. */
export interface NodeFigures {
  /** Sent messages by status (`queued`, `published`, `delivered`, `rejected`, `failed`). */
  outbox: Record<string, number>;
  /** The highest directory version the node accepted, if any. */
  directory: AcceptedDirectory | undefined;
}

/**
 * Reads the outbox by status and the directory version the node holds, from its database
 * (a reader beside the running node: SQLite's WAL lets both).
 *
 * @example
 * const { outbox, directory } = await nodeFigures(config.database);
 */
export async function nodeFigures(database: string): Promise<NodeFigures> {
  const { db, close } = openDatabase<AgencyDatabase>(database);
  try {
    const outbox: Record<string, number> = {};
    for (const row of await outboxCounts(db)) outbox[row.status] = (outbox[row.status] ?? 0) + Number(row.n);
    return { outbox, directory: await acceptedDirectory(db) };
  } finally {
    await close();
  }
}
