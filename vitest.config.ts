import { defineConfig } from 'vitest/config';

/**
 * Two groups, in order (toolchain.md): first every test file side by side, the Pact consumer tests among
 * them (one file, so one writer per pact; provider verification reads the committed contracts/); then the
 * one check that needs the pacts the consumers just wrote: are the committed ones still current?
 */
const env = { PACT_DO_NOT_TRACK: 'true' };

export default defineConfig({
  test: {
    env,
    testTimeout: 30_000,
    // Many tests wait on child processes, sockets and timers: more workers than the 2 cores pays off.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          testTimeout: 60_000,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/contracts/consumers.pact.test.ts', 'test/contracts/pacts-current.test.ts'],
          env,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'consumers',
          testTimeout: 30_000,
          include: ['test/contracts/consumers.pact.test.ts'],
          env,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'contracts',
          include: ['test/contracts/pacts-current.test.ts'],
          env,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
