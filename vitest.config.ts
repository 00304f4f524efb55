import { defineConfig } from 'vitest/config';

/**
 * Two groups, in order (toolchain.md): unit and scenario tests beside the Pact consumer tests (one file,
 * so one writer per pact); then what needs the pact files: freshness, OpenAPI, provider verification.
 */
export default defineConfig({
  test: {
    env: { PACT_DO_NOT_TRACK: 'true' },
    testTimeout: 20_000,
    projects: [
      {
        test: {
          name: 'unit',
          testTimeout: 30_000,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [
            'test/contracts/consumers.pact.test.ts',
            'test/contracts/provider.pact.test.ts',
            'test/contracts/pacts-*.test.ts',
          ],
          env: { PACT_DO_NOT_TRACK: 'true' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'consumers',
          testTimeout: 30_000,
          include: ['test/contracts/consumers.pact.test.ts'],
          env: { PACT_DO_NOT_TRACK: 'true' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'contracts',
          include: ['test/contracts/provider.pact.test.ts', 'test/contracts/pacts-*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          env: { PACT_DO_NOT_TRACK: 'true' },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
