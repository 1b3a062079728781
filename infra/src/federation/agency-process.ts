import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../services/agency/src/main.ts', import.meta.url));

/** An agency node in its own process (the local federation runs one per agency; tests SIGKILL them). */
export interface NodeProcess {
  url: string;
  pid: number;
  /** Sends the signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Settles when the process exits, with how it ended. */
  exited: Promise<string>;
}

/**
 * Spawns `services/agency/src/main.ts <config>` and resolves with its URL once it listens.
 * With `logTo`, the node's JSON log lines are appended to that stream too; with `bundle`, the
 * node runs that prebuilt module (from `buildAgencyBundle`) instead of the sources through tsx.
 */
export function spawnAgencyNode(configPath: string, opts: { timeoutMs?: number; logTo?: Writable; bundle?: string | undefined } = {}): Promise<NodeProcess> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // With `bundle` (see node-bundle.ts), the node starts from one prebuilt module instead of tsx.
  const args = opts.bundle ? [opts.bundle, configPath] : ['--import', 'tsx', MAIN, configPath];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info', VITEST: '' },
    // The IPC channel is how the node notices that its parent is gone (see main.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (opts.logTo) {
    child.stdout!.pipe(opts.logTo, { end: false });
    child.stderr!.pipe(opts.logTo, { end: false });
  }
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agency node did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let started = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`agency node exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'agency node started' && entry.url) {
          clearTimeout(timer);
          started = true;
          resolve({
            url: entry.url,
            pid: child.pid!,
            exited,
            async kill(signal = 'SIGTERM') {
              if (child.exitCode === null && child.signalCode === null) child.kill(signal);
              await exited;
            },
          });
        }
      } catch {
        // not a log line
      }
    });
  });
}
