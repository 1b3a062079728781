import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

// Only what this kit started: a finished or killed test run must not leave servers
// behind, and must never touch anyone else's processes.
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

function cleanup(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

// Test runners (vitest's forks pool) end workers with SIGTERM, which skips 'exit'.
function onSignal(signal: NodeJS.Signals): void {
  cleanup();
  if (process.listenerCount(signal) === 1) {
    // We were the only listener: restore the default action (terminate).
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanup);
  process.on('disconnect', cleanup);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}

/** Remembers a child so it is killed when this process exits or is signalled. */
export function track(child: ChildProcess): void {
  hook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Remembers a temp folder the kit made, removed when this process exits. */
export function trackTempDir(dir: string): void {
  hook();
  tempDirs.add(dir);
}
