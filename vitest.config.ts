import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The test tiers, one vitest project each (`npm run test:unit`, `test:component`, `test:integration`, `test:e2e`):
// unit is pure and fast; component renders screens in jsdom; integration opens real stores and spawns processes; e2e
// drives the real renderer in Chromium. The tiers that spawn processes rebuild the bundles those run, once per run.
const spawnsProcesses = { globalSetup: ['test/support/buildForTests.ts'] };

export default defineConfig({
  resolve: { alias: { '@fidelis/shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.test-artifacts/vitest.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      { extends: true, test: { name: 'component', include: ['test/component/**/*.test.{ts,tsx}'], environment: 'jsdom' } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.{ts,tsx}'], environment: 'node', ...spawnsProcesses } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.{ts,tsx}'], environment: 'node', ...spawnsProcesses } },
    ],
  },
});
