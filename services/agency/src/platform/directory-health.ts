import { directoryFreshness, type DirectoryStatus } from '@mou-hub/directory-client';
import { Gauge, type Registry } from 'prom-client';
import type { ReadinessCheck } from '../http/deps.ts';

/**
 * The `/readyz` entry for the directory: always ready while a verified snapshot is held (the
 * node keeps working on it), with the last refusal in `detail`, and a `warning` when the
 * snapshot is older than `maxAgeMs`: a node that stopped following, or was handed an old
 * snapshot, may be missing a revocation. A node that started on its stored snapshot because the
 * directory could not be read (a post whose link is down) is degraded the same way until it reads
 * it again: the warning gives the snapshot's version and age.
 *
 * @example
 * directoryReadiness(follower.status(), new Date(), 86_400_000);
 * // { ok: true, detail: 'version 7', warning: 'stale: issued 2026-01-01T00:00:00.000Z, 172800 s ago, more than 86400 s' }
 */
export function directoryReadiness(status: DirectoryStatus, now: Date, maxAgeMs: number): ReadinessCheck {
  const detail = status.lastRefusal
    ? `version ${status.version}; refused a newer snapshot at ${status.lastRefusal.at}: ${status.lastRefusal.reason}`
    : `version ${status.version}`;
  const { ageMs, stale } = directoryFreshness(status.issued, now, maxAgeMs);
  const s = (ms: number) => Math.floor(ms / 1000);
  const warnings = [
    ...(status.fromStore
      ? [`started on its stored snapshot at ${status.fromStore.since} (version ${status.version}, issued ${status.issued}, ${s(ageMs)} s ago): the directory cannot be read (${status.fromStore.error})`]
      : []),
    ...(stale ? [`stale: issued ${status.issued}, ${s(ageMs)} s ago, more than ${s(maxAgeMs)} s`] : []),
  ];
  return warnings.length === 0 ? { ok: true, detail } : { ok: true, detail, warning: warnings.join('; ') };
}

/**
 * Gauges `mou_directory_version`, `mou_directory_age_seconds` (since the snapshot's `issued`),
 * `mou_directory_stale` (1 past `maxAgeMs`, as `/readyz` warns) and `mou_directory_from_store`
 * (1 while the node runs on its stored snapshot, the directory unread since start), read at scrape time.
 *
 * @example
 * registerDirectoryMetrics(metrics.registry, () => follower.status(), config.limits.directoryMaxAgeMs);
 */
export function registerDirectoryMetrics(registry: Registry, status: () => DirectoryStatus, maxAgeMs: number): void {
  new Gauge({
    name: 'mou_directory_version',
    help: 'Version of the signed directory in use',
    registers: [registry],
    collect() {
      this.set(status().version);
    },
  });
  new Gauge({
    name: 'mou_directory_age_seconds',
    help: 'Seconds since the directory in use was issued by the Secretariat',
    registers: [registry],
    collect() {
      this.set(directoryFreshness(status().issued, new Date(), maxAgeMs).ageMs / 1000);
    },
  });
  new Gauge({
    name: 'mou_directory_stale',
    help: '1 when the directory in use is older than the node allows (directoryMaxAgeMs), else 0',
    registers: [registry],
    collect() {
      this.set(directoryFreshness(status().issued, new Date(), maxAgeMs).stale ? 1 : 0);
    },
  });
  new Gauge({
    name: 'mou_directory_from_store',
    help: '1 while the node runs on its stored directory snapshot because the directory could not be read since it started, else 0',
    registers: [registry],
    collect() {
      this.set(status().fromStore ? 1 : 0);
    },
  });
}
