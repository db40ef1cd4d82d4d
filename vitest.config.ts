import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure, fast, no services) and `integration` (real Kafka broker,
 * real Apicurio registry, started once per run by test/infra/global-setup.ts).
 * `npm test` runs both; `npm run test:unit` is the fast loop.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/infra/precompiled-setup.ts'],
          testTimeout: 30_000,
          // Golden tests generate packages in beforeAll; on a loaded 2-core machine that exceeds the 10 s default.
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/infra/precompiled-setup.ts', 'test/infra/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
