import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/tests/**/*.test.ts'],
    // Says whether the storage tests' PostgreSQL half ran (TEST_DATABASE_URL) or was skipped.
    globalSetup: ['tests/global-setup.ts'],
    // End-to-end tests start a loopback Discord and the real client: give them room,
    // but never rely on timing for a verdict.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
