import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../services/agency/src/main.ts', import.meta.url));

/** An agency node in its own process, so a test can SIGKILL it. */
export interface NodeProcess {
  url: string;
  pid: number;
  /** Sends the signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `services/agency/src/main.ts <config>` and resolves with its URL once it listens. */
export function spawnAgencyNode(configPath: string, timeoutMs = 30_000): Promise<NodeProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, configPath], {
    env: { ...process.env, LOG_LEVEL: 'info', VITEST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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
