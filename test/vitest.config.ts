import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test',
    pool: 'threads',
    // Builds the agency node's bundle once; nodes these tests spawn run from it.
    globalSetup: ['./global-setup.ts'],
    include: ['e2e/**/*.test.ts', 'browser/**/*.test.ts', 'architecture/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Passwords hash at 2^12 in tests (production: 2^17), in this process and the nodes it starts;
    // the test federations' broker passwords at bcrypt cost 4 (the local federation: 10).
    env: { MOU_SCRYPT_LOG2N: '12', MOU_NATS_BCRYPT_COST: '4' },
  },
});
