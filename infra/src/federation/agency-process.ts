import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { jsonField, spawnService, type ServiceProcess } from './service-process.ts';

const MAIN = fileURLToPath(new URL('../../../services/agency/src/main.ts', import.meta.url));

/**
 * V8 flags every agency node runs with (the launcher here, the systemd unit and the Docker image
 * set the same). `--max-semi-space-size=8`: the young generation grows to 3 × 8 MiB instead of
 * 3 × 16; under load it was most of a node's growth in resident memory (a heap snapshot after
 * 3,000 notes held 33 MB live in an 84 MB heap: no leak, only slack), and halving it took the
 * sender from 158 to 143 MiB and the recipient from 145 to 127 (issue 21).
 */
export const AGENCY_NODE_FLAGS = ['--max-semi-space-size=8'] as const;

/** An agency node in its own process (the local federation runs one per agency; tests SIGKILL them). */
export type NodeProcess = ServiceProcess;

/**
 * Spawns `services/agency/src/main.ts <config>` and resolves with its URL once it listens.
 * With `logTo`, the node's JSON log lines are appended to that stream too; with `bundle`, the
 * node runs that prebuilt module (from `currentServiceBundle`) instead of the sources through tsx;
 * `env` is added to its environment (the hub's CA, say); `nodeArgs` go to node before the
 * module (`--import …`); `cwd` is its working folder.
 */
export function spawnAgencyNode(
  configPath: string,
  opts: { timeoutMs?: number; logTo?: Writable; bundle?: string | undefined; env?: Record<string, string>; cwd?: string; nodeArgs?: string[] } = {},
): Promise<NodeProcess> {
  return spawnService({
    label: 'agency node',
    // With `bundle` (see node-bundle.ts), the node starts from one prebuilt module instead of tsx.
    args: [...AGENCY_NODE_FLAGS, ...(opts.nodeArgs ?? []), ...(opts.bundle ? [opts.bundle, configPath] : ['--import', 'tsx', MAIN, configPath])],
    readyUrl: (line) => jsonField(line, (e) => (e['msg'] === 'agency node started' ? e['url'] : undefined)),
    logTo: opts.logTo,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
}
