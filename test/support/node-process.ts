import { inject } from 'vitest';
import { spawnAgencyNode, type NodeProcess } from '@mou-hub/infra';

/**
 * Starts an agency node in its own process from the bundle test/global-setup.ts built for this
 * run (the sources of this checkout, bundled as `pnpm start` and a deployment run them).
 *
 * @example const child = await spawnTestNode(fed.agency('la-mlsw').configPath, { timeoutMs: 60_000 });
 */
export function spawnTestNode(configPath: string, opts: Omit<Parameters<typeof spawnAgencyNode>[1] & object, 'bundle'> = {}): Promise<NodeProcess> {
  return spawnAgencyNode(configPath, { ...opts, bundle: inject('agencyBundle') });
}
