import { defineConfig } from 'vitest/config';

// Unit and integration tests: Node-side code and the renderer's logic (store, cache, outbox).
// Browser end-to-end tests live in e2e/ and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['{contract,main,preload,server,renderer}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'dist/**', 'e2e/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on random ports; two cores, keep it modest.
    pool: 'forks',
    maxWorkers: 2,
    // Every temp dir a test makes goes into one per-run folder; a parley- dir left there fails the run.
    globalSetup: ['scripts/temp-dir-guard.ts'],
  },
});
