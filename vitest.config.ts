import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Seconds the longest files took in a full run (`.ci/run`, 2026-12-07 12:06: four files at a
 * time, so only their order counts): a file vitest has no timing for yet (a clean
 * clone, CI) is placed by this. Vitest's own order for such files is by size, and the faults
 * file is short in lines: started last, it alone made the run's last two minutes.
 */
const EXPECTED_SECONDS: Record<string, number> = {
  'test/e2e/faults.test.ts': 152,
  'test/browser/story-repatriation.test.ts': 142,
  'test/browser/story-china-path.test.ts': 116,
  'test/browser/console.test.ts': 88,
  'test/e2e/cases-matrix.test.ts': 64,
  'test/e2e/quick-start.test.ts': 56,
  'test/e2e/chaos.test.ts': 52,
  'test/e2e/cluster.test.ts': 50,
  'test/e2e/production.test.ts': 47,
  'services/agency/src/cases/pages/action-forms.test.ts': 46,
  'test/browser/story-vietnam.test.ts': 38,
  'packages/bus/src/leaf-cut.test.ts': 31,
  'test/e2e/hostile.test.ts': 27,
  'test/e2e/leaf.test.ts': 23,
  'test/e2e/backup-drill.test.ts': 22,
  'test/e2e/attachments.test.ts': 20,
  'test/browser/story-investigation.test.ts': 20,
  'test/e2e/runbook.test.ts': 18,
  'infra/src/federation/node-bundle.test.ts': 15,
  'test/e2e/overload.test.ts': 13,
};

/** Longest first (by the last run's timing, else by `EXPECTED_SECONDS`), so no long file starts at the end. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const ms = (f: TestSpecification) => {
      const path = relative(root, f.moduleId);
      return this.ctx.cache.getFileTestResults(`${f.project.name}:${path}`)?.duration ?? (EXPECTED_SECONDS[path] ?? 0) * 1000;
    };
    // A stable sort: files with no timing and no expectation keep vitest's order (larger first).
    return sorted.map((f, i) => ({ f, i, ms: ms(f) })).sort((a, b) => b.ms - a.ms || a.i - b.i).map((x) => x.f);
  }
}

// One run covers every workspace project; each project has its own vitest.config.ts.
// Four test files at a time on a 2-core machine: the end-to-end files spend most of their time
// waiting on child processes (nats-server, nodes, Chromium), so one or two workers leave the
// cores idle (a serial run took over 15 minutes, four workers under 8). More was tried on
// 2026-12-07: six workers took 534 s (four, eight minutes before: 407 s); five, with the light
// files beside the four longest, 522 s (four, ten minutes before: 491 s); in both a test bound
// by time failed.
//
// Each project's own config runs its files in worker threads (`pool: 'threads'`; a project does
// not inherit the root's `pool`): a thread starts and loads a file's modules for less than a
// child process did. The whole run on 2026-12-07: 588 s in child processes, 519 s in threads,
// every test passing in both; the unit projects alone 63 → 42 CPU-s.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'infra', 'test'],
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
  },
});
