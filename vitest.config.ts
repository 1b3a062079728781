import { defineConfig } from 'vitest/config';

// One run covers every workspace project; each project has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'infra', 'test'],
  },
});
