import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests open real stores and spawn processes, so they get more time.
export default defineConfig({
  resolve: { alias: { '@fidelis/shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Spawned processes (the CLI, browser mode, crash-test children) run bundles rebuilt once per run.
    globalSetup: ['test/support/buildForTests.ts'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.test-artifacts/vitest.json' }]] : ['default'],
  },
});
