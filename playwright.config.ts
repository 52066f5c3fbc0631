import { defineConfig } from '@playwright/test';

// End-to-end tests. Each spec starts its own reference server and browser hosts on
// free loopback ports (see e2e/support/), so specs are independent of each other and of
// anything running on the machine. Chromium is the system one (PARLEY_CHROMIUM, set by
// `npm test`): Playwright cannot download its own browser on every machine.
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // No retries: a test that passes only on retry is broken, not flaky.
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    // A trace snapshots the DOM around every action: with it the suite ran 19.8 min here, without
    // it 14.7 (the 500-message flush alone 96 s against 37 s). CI keeps only what a run prints, so
    // traces are kept only when asked for: PARLEY_E2E_TRACE=1 (then for failed tests).
    trace: process.env.PARLEY_E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  outputDir: 'test-results/e2e',
  // Every temp dir a spec makes goes into one per-run folder; a parley- dir left there fails the run.
  globalSetup: './scripts/temp-dir-guard.ts',
});
