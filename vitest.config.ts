import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start a loopback Discord and the real client: give them room,
    // but never rely on timing for a verdict.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
