import type { Command } from 'commander';
import { BusError, inboxPosition, rewindInboxConsumer } from '@mou-hub/bus';
import { CliError, type CliIo } from '../io.ts';
import { connectForNode, loadAgency, percentProgress, readNodeConfig, type NatsLogin } from '../node-access.ts';

/** `mou backup` and `mou restore`: a node's database with its inbox position, and back. */
export function register(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description("Take an online copy of a running node's database and attachment files, with its inbox position.")
    .requiredOption('-c, --config <file>', "the node's configuration file")
    .requiredOption('-o, --out <folder>', 'a new, empty folder for the backup')
    .addHelpText(
      'after',
      `
The node keeps running. The copy holds every message the node had acknowledged when it began;
mou restore receives again whatever arrived after it.

Example:
  mou backup --config /etc/mou/node.json --out /backups/la-mlsw/2026-12-06`,
    )
    .action(async (o: { config: string; out: string }) => {
      const { backupNode } = await loadAgency();
      const config = await readNodeConfig(o.config);
      const bus = await connectForNode(config);
      try {
        const m = await guard(() =>
          backupNode({
            agency: config.agency,
            database: config.database,
            out: o.out,
            position: () => inboxPosition(bus, config.agency),
            progress: percentProgress(io, 'copying the database'),
          }),
        );
        io.out(`backup of ${m.agency} written to ${o.out}`);
        io.out(`  database: ${m.database.bytes} bytes (sha256 ${m.database.sha256.slice(0, 16)}…), ${m.attachments} attachment files`);
        io.out(`  inbox position: stream sequence ${m.inbox.ackedThrough} (a restore receives again everything after it)`);
      } finally {
        await bus.close();
      }
    });

  program
    .command('restore')
    .description("Put a backup back on a stopped node and rewind its inbox, so what arrived since is received again, once.")
    .requiredOption('-c, --config <file>', "the node's configuration file (where the database goes)")
    .requiredOption('-f, --from <folder>', 'the backup folder (written by mou backup)')
    .option('--nats-user <user>', "NATS user allowed to re-create the node's inbox consumer (the hub operator's)")
    .option('--nats-password-file <file>', "a file holding that user's password")
    .addHelpText(
      'after',
      `
Stop the node first: the restore refuses while the node reads its inbox. The database in place
is replaced; the node's inbox consumer is re-created from the backup's position, which needs a
NATS user that may delete and create it (the node's own user may not).

Example:
  systemctl stop mou-agency
  mou restore --config /etc/mou/node.json --from /backups/la-mlsw/2026-12-06 \\
      --nats-user admin --nats-password-file /etc/mou/nats-admin.pass
  systemctl start mou-agency`,
    )
    .action(async (o: { config: string; from: string } & NatsLogin) => {
      const { readBackup, restoreNode } = await loadAgency();
      const config = await readNodeConfig(o.config);
      const manifest = await guard(async () => readBackup(o.from, config.agency));
      const bus = await connectForNode(config, o);
      try {
        const before = await guard(() => inboxPosition(bus, config.agency));
        if (before.waiting > 0) {
          throw new CliError(
            `the node of ${config.agency} is running (it reads its inbox): stop it, then restore (a node stopped a moment ago leaves reads that end within 10 s)`,
          );
        }
        io.progress(`putting back the database of ${manifest.takenAt}`);
        await guard(async () => restoreNode({ folder: o.from, agency: config.agency, database: config.database }));
        const from = manifest.inbox.ackedThrough + 1;
        io.progress(`rewinding the inbox consumer to stream sequence ${from}`);
        await guard(() => rewindInboxConsumer(bus, config.agency, from)).catch((err: unknown) => {
          throw new CliError(
            `the database is back, but the inbox could not be rewound (${err instanceof Error ? err.message : String(err)}). ` +
              `Do not start the node yet: run this again with --nats-user and --nats-password-file of a user allowed to re-create consumer ${manifest.inbox.durable}.`,
          );
        });
        io.out(`restored ${config.agency} from ${o.from} (taken ${manifest.takenAt})`);
        io.out(`  the inbox starts again at stream sequence ${from} (it had reached ${before.ackedThrough}): what came in between is received again`);
        io.out('  start the node now.');
      } finally {
        await bus.close();
      }
    });
}

/** Turns the errors an operator can act on into CliErrors (no stack trace). */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err instanceof Error && err.name === 'BackupError') || err instanceof BusError) throw new CliError(err.message);
    throw err;
  }
}
