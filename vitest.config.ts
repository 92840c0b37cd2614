import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: `unit` runs everywhere (`pnpm test`); `e2e` needs real servers and a browser
// installed by `.ci/e2e-deps` (`pnpm test:e2e`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'rules/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'test/*.test.ts',
          ],
          // `packages/*/test/**` would also match the e2e suites, which need real servers.
          exclude: [...configDefaults.exclude, 'packages/*/test/e2e/**'],
          testTimeout: 30_000,
          // Fails a rule test that leaves a finding's position unasserted (rules/src/testing/positions.ts).
          setupFiles: ['test/setup/assert-positions.ts'],
          // Builds the bundled CLI the bin runs if `tsc -b` ran after it (test/setup/bundle.ts).
          globalSetup: ['test/setup/bundle.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'packages/*/test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/setup/bundle.ts'],
        },
      },
    ],
  },
});
