import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { PACT_DO_NOT_TRACK: 'true' },
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
