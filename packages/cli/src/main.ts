import { Command, CommanderError } from 'commander';
import { register as agency } from './commands/agency.ts';
import { register as audit } from './commands/audit.ts';
import { register as backup } from './commands/backup.ts';
import { register as directory } from './commands/directory.ts';
import { register as nats } from './commands/nats.ts';
import { register as node } from './commands/node.ts';
import { register as users } from './commands/users.ts';
import { register as evidence } from './commands/evidence.ts';
import { register as root } from './commands/root.ts';
import { register as status } from './commands/status.ts';
import { CliError, CliExit, terminalIo, type CliIo } from './io.ts';

/**
 * One command group: a file under src/commands/ that adds its commands to the program.
 * To add a group, write `src/commands/<name>.ts` exporting `register(program, io)` and add it
 * to this list (one line).
 */
type Register = (program: Command, io: CliIo) => void;
const groups: Register[] = [root, directory, agency, audit, nats, node, users, backup, status, evidence];

/** The `mou` program with every command group, writing to `io`. */
export function buildProgram(io: CliIo = terminalIo): Command {
  const program = new Command('mou')
    .description("mou-hub's operator command line: keys, configurations, users, backups and status of a deployment.")
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Options belong to the command they follow, so `mou users … add x --roles r` reaches the users command.
    .enablePositionalOptions()
    // Throw instead of exiting, so runMou decides the exit code; sub-commands inherit it.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
    .addHelpText(
      'after',
      `
Examples:
  mou root init --out /media/usb/root           key ceremony at the Secretariat (offline machine)
  mou agency keys generate --agency la-mps --out keys/
  mou backup --config node.json --out backups/
  mou status --config node.json

Each command has its own --help. docs/operations.md walks through a deployment step by step.`,
    );
  for (const register of groups) register(program, io);
  return program;
}

/**
 * Runs `mou` with `argv` (as in process.argv) and returns the exit code: 0 done, 1 failed,
 * 2 bad usage. An operator's mistake prints its message; anything else its stack too.
 */
export async function runMou(argv: readonly string[], io: CliIo = terminalIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with an "error" whose code is 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliExit) return err.code;
    if (err instanceof CliError) {
      io.err(`mou: ${err.message}`);
      return 1;
    }
    io.err(`mou: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
