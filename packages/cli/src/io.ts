/**
 * Where a command writes. The real program writes to the terminal; tests pass their own to read
 * what an operator would see. Progress goes to stderr so that stdout stays a clean result
 * (a public key, a configuration) an operator can redirect to a file.
 */
export interface CliIo {
  /** One line of the command's result. */
  out(line: string): void;
  /** One line of a warning or an error. */
  err(line: string): void;
  /** One line of progress on long work ("copied 40 of 120 pages"). */
  progress(line: string): void;
}

/** The terminal: results on stdout, errors and progress on stderr. */
export const terminalIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => process.stderr.write(`${line}\n`),
};

/** An error the operator caused (a missing file, a bad option): printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Ends the command with this exit code; what went wrong was already printed. */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
