import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CliExit, type CliIo } from '../io.ts';
import { loadAgency, readNodeConfig } from '../node-access.ts';

/** `mou users`: the node's officers, as its administrator manages them on the console's user page. */
export function register(program: Command, io: CliIo): void {
  program
    .command('users')
    .description("Manage a node's officers (list, add, disable, enable, reset-password, roles).")
    .requiredOption('-c, --config <file>', "the node's configuration file")
    .argument('<command...>', 'the user command and its arguments (see below)')
    .allowUnknownOption()
    .passThroughOptions()
    .addHelpText(
      'after',
      `
Commands:
  list
  add <username> --roles r1,r2 [--name "Display Name"] [--password-stdin]
  disable <username> | enable <username>
  reset-password <username> [--password-stdin]
  roles <username> --roles r1,r2
Roles: liaison-officer, embassy-desk, translator, supervisor, auditor, administrator.
Without --password-stdin a new password is generated and printed once.

Examples:
  mou users --config /etc/mou/node.json add admin --roles administrator
  mou users --config /etc/mou/node.json list`,
    )
    .action(async (args: string[], o: { config: string }) => {
      const config = await readNodeConfig(o.config);
      const { runUsersOnNode } = await loadAgency();
      const code = await runUsersOnNode(config, args, {
        out: (line) => io.out(line),
        err: (line) => io.err(line),
        readPassword: async () => {
          for await (const line of createInterface({ input: process.stdin })) return line;
          return '';
        },
      });
      if (code !== 0) throw new CliExit(code);
    });
}
