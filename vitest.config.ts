import { defineConfig } from 'vitest/config';

// One run covers every workspace project; each project has its own vitest.config.ts.
// Four test files at a time on a 2-core machine: the end-to-end files spend most of their time
// waiting on child processes (nats-server, nodes, Chromium), so one or two workers leave the
// cores idle (a serial run took over 15 minutes, four workers under 8).
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'infra', 'test'],
    maxWorkers: 4,
  },
});
