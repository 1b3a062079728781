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

/**
 * glibc malloc settings every agency node runs with (the systemd unit and the Docker image set
 * the same). `MALLOC_ARENA_MAX=2`: at most two malloc arenas instead of up to eight per core (the
 * WebCrypto and jose work runs on libuv's pool threads, each of which can keep an arena of freed,
 * fragmented memory); `MALLOC_TRIM_THRESHOLD_=131072`: freed memory at the top of the heap goes back to the
 * system past 128 KiB (the default threshold grows with the largest block freed, up to 64 MiB).
 * `test/bench/memory.ts` (issue 21), RSS 5 s after the seeded phase, sender / recipient /
 * secretariat: 157-162 / 156-160 / 91 MiB without, 139 / 149 / 100 with the arena cap alone,
 * 139 / 140 / 87 with both (memory outside V8's heap 97-102 → 81 MiB on the sender); at start,
 * before any load, 105 → 104 (cap) → 91 MiB (both) a node. Measured on a machine loaded by other
 * work, where fewer notes were carried in the runs with the settings than in those without.
 */
export const AGENCY_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' };

/** An agency node in its own process (the local federation runs one per agency; tests SIGKILL them). */
export type NodeProcess = ServiceProcess;

/**
 * Spawns `services/agency/src/main.ts <config>` and resolves with its URL once it listens.
 * With `logTo`, the node's JSON log lines are appended to that stream too; with `bundle`, the
 * node runs that prebuilt module (from `currentServiceBundle`) instead of the sources through tsx;
 * `env` is added to its environment (the hub's CA, say) over {@link AGENCY_NODE_ENV}; `nodeArgs`
 * go to node before the module (`--import …`); `cwd` is its working folder.
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
    env: { ...AGENCY_NODE_ENV, ...opts.env },
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
}
