import { defineConfig } from 'vitest/config';

/**
 * One Vitest run, three projects:
 * - unit: pure logic beside the code (`src/**\/*.test.ts`), no services.
 * - integration: `*.int.test.ts` against a real embedded PostgreSQL and the S3 emulator,
 *   started once by the global setup; each test file gets its own copy of a migrated template database.
 * - e2e: `tests/e2e/**\/*.e2e.test.ts`, the built app driven in headless Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/{src,test}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
