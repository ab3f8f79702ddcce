import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` shares one real Temporal dev server and
// one embedded PostgreSQL per test run (test/setup/stack.global.ts), on free ports in a temp dir.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/stack.global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // 2 cores: two files at a time keeps servers responsive.
          maxWorkers: 2,
          // Unit tests run first: a broken build fails in seconds, before any server starts.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // End to end through the CLI, each on its own embedded stack: run after the integration
          // project, alone, so a second full stack never competes with the crash tests for 2 cores.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
