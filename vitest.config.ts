import { defineConfig } from 'vitest/config';

// Three projects, one run: unit (pure and in-process), integration (real servers, real files,
// the built app where a test needs it), e2e (the web host in Debian's Chromium).
// The built app is made once per run by test/setup/build-once.ts and shared by every file;
// integration tests also share one real PostgreSQL started by test/setup/postgres.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/build-once.ts', 'test/setup/postgres.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/build-once.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
