import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test',
    include: ['e2e/**/*.test.ts', 'browser/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
