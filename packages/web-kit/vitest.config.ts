import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web-kit',
    pool: 'threads',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 30_000,
  },
});
