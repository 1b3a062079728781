import type { TestProject } from 'vitest/node';
import { currentServiceBundle } from '@mou-hub/infra';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The agency node's bundle, built once for the run from the sources (see test/support/node-process.ts). */
    agencyBundle: string;
  }
}

/**
 * Builds the agency node's bundle once before the cross-service tests, as `pnpm start` and a
 * deployment run it. A node spawned through tsx compiles and loads some 400 modules at every
 * start (about 4 s of CPU); from the bundle it starts in about half a second, and the chaos,
 * faults and flood tests start and SIGKILL a dozen nodes between them.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('agencyBundle', await currentServiceBundle('agency'));
}
