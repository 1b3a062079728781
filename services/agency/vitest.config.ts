import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'agency',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Passwords hash at 2^12 in tests (production: 2^17), in this process and the nodes it starts.
    env: { MOU_SCRYPT_LOG2N: '12' },
  },
});
