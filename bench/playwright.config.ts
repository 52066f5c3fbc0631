import { defineConfig } from '@playwright/test';

// Benchmarks (npm run bench): real processes, Debian's Chromium, each figure a ratio
// against a baseline measured in the same run. Not part of `npm test`: nothing here asserts a time.
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 600_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results/bench',
});
