import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'testkit',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
