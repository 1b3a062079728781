import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'workflows',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
