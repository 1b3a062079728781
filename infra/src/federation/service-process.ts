import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

/** A service (an agency node, the directory, the audit) in its own process. */
export interface ServiceProcess {
  url: string;
  pid: number;
  /** Sends the signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Settles when the process exits, with how it ended. */
  exited: Promise<string>;
}

/** How to start one service process and tell that it listens. */
export interface SpawnServiceOptions {
  /** Named in errors: `agency node`, `directory service`. */
  label: string;
  /** Arguments to node: the bundle (or `--import tsx <main.ts>`) and its own arguments. */
  args: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** The service's URL if this stdout line says it is listening. */
  readyUrl(line: string): string | undefined;
  /** The process's stdout and stderr are appended here too (its log file). */
  logTo?: Writable | undefined;
  timeoutMs?: number;
  /** Working folder of the process (default: this process's). */
  cwd?: string;
}

/**
 * Spawns `node <args>` and resolves once a stdout line says where it listens. The IPC channel is
 * how the service notices that its launcher is gone; the tail of its output is in the error if it fails.
 */
export function spawnService(opts: SpawnServiceOptions): Promise<ServiceProcess> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const child: ChildProcess = spawn(process.execPath, opts.args, {
    env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info', VITEST: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  if (opts.logTo) {
    child.stdout!.pipe(opts.logTo, { end: false });
    child.stderr!.pipe(opts.logTo, { end: false });
  }
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  // The last of what it printed, on either stream: a service logs why it could not start on
  // stdout (its JSON log), not only on stderr.
  let printed = '';
  const keep = (b: Buffer) => (printed = (printed + b.toString()).slice(-4000));
  child.stderr!.on('data', keep);
  child.stdout!.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.label} did not start in ${timeoutMs} ms: ${printed}`));
    }, timeoutMs);
    let started = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${opts.label} exited with ${code}: ${printed}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (started) return;
      const url = opts.readyUrl(line);
      if (!url) return;
      clearTimeout(timer);
      started = true;
      child.stdout!.off('data', keep);
      child.stderr!.off('data', keep);
      resolve({
        url,
        pid: child.pid!,
        exited,
        async kill(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

/** A JSON log or status line's field, or undefined for any other line. */
export function jsonField(line: string, pick: (entry: Record<string, unknown>) => unknown): string | undefined {
  try {
    const value = pick(JSON.parse(line) as Record<string, unknown>);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a process, and starts it again (twice at most, a second apart) when it exits before it
 * is ready, as the launcher does with one that dies later and as systemd's `Restart=on-failure`
 * would: a directory once exited at start in a full test run on a loaded machine, which no
 * second try there reproduced. Each failure is said with what the process printed.
 */
export async function startAgain<T>(name: string, start: () => Promise<T>, say: (line: string) => void, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= tries) throw error;
      say(`${name}: could not start (${String(error).trim()}); trying again`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
