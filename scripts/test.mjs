// `npm test`: installs what is missing, then runs every check Parley has, in order:
// type-check, lint, build, unit + integration tests (vitest), end-to-end tests (Playwright
// in Chromium through the browser host; the Electron smoke test where the binary exists).
// Then the benchmarks (bench/) in quick mode, 1 run (no warm-up) at small sizes: only that
// every bench ran and recorded its figures is checked, never a timing.
// Tests run inside a loopback-only network namespace where the machine allows one, so
// nothing they do can leave the machine. Ends with one line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchCounts } from './bench-check.mjs';
import { playwrightFailures, vitestFailures } from './failures.mjs';
import { ensureDependencies, findChromium, repoRoot, run } from './support.mjs';

process.chdir(repoRoot);
ensureDependencies();
const chromium = findChromium({ install: true });
if (!chromium) {
  console.error('[parley] No Chromium found and it could not be installed: set PARLEY_CHROMIUM to a Chromium or Chrome binary.');
  process.exit(1);
}

run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], 'type-check (Node side)');
run('npx', ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit'], 'type-check (renderer)');
run('npx', ['eslint', '.', '--max-warnings', '0'], 'lint (process boundaries)');
run('node', ['scripts/electronegativity.mjs'], 'electronegativity scan');
run('node', ['scripts/build.mjs'], 'build');

const reports = join(repoRoot, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, PARLEY_CHROMIUM: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'e2e.json') };

// One shell inside the namespace runs both suites; `|| true` keeps the second suite running
// when the first fails, and the exit codes are read from the reports below.
// Each suite says what it cost (CI has a time budget).
const timed = (name, command) => `s=$(date +%s); ${command}; echo $? > ${join(reports, `${name}.rc`)}; echo "[parley] ${name} suite: $(( $(date +%s) - s )) s"`;
const suites = [
  timed('unit', `npx vitest run --reporter=default --reporter=json --outputFile.json=${join(reports, 'unit.json')}`),
  timed('e2e', 'npx playwright test --reporter=list,json'),
  // Quick mode writes its results beside the reports, never over bench/results/ (full runs).
  timed(
    'bench',
    `PARLEY_BENCH_QUICK=1 PARLEY_BENCH_RESULTS=${join(reports, 'bench-quick')} PLAYWRIGHT_JSON_OUTPUT_NAME=${join(reports, 'bench.json')} ` +
      'npx playwright test -c bench/playwright.config.ts --reporter=list,json',
  ),
].join('; ');
const isolated = canIsolateNetwork();
console.log(isolated ? '\n[parley] running tests in a loopback-only network namespace' : '\n[parley] no network namespace available here: running tests on the host network (they still only use 127.0.0.1)');
const shell = isolated ? ['unshare', ['-n', 'sh', '-c', `ip link set lo up && ${suites}`]] : ['sh', ['-c', suites]];
spawnSync(shell[0], shell[1], { stdio: 'inherit', env });

const unit = vitestCounts(join(reports, 'unit.json'));
const e2e = playwrightCounts(join(reports, 'e2e.json'));
const bench = benchCounts(join(reports, 'bench.json'), join(reports, 'bench-quick', 'results.json'));
const rc = (name) => Number(readText(join(reports, `${name}.rc`)) ?? 1);
const passed = unit.passed + e2e.passed + bench.passed;
const failed = unit.failed + e2e.failed + bench.failed;
const skipped = unit.skipped + e2e.skipped + bench.skipped;
console.log(`\n[parley] unit+integration: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped (exit ${rc('unit')})`);
console.log(`[parley] end-to-end:       ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped (exit ${rc('e2e')})`);
console.log(`[parley] benches (quick):  ${bench.passed} passed, ${bench.failed} failed, ${bench.skipped} skipped (exit ${rc('bench')})`);
for (const problem of bench.problems) console.log(`[parley]   bench: ${problem}`);
for (const failure of vitestFailures(join(reports, 'unit.json'), repoRoot)) console.log(`[parley]   unit failed: ${failure}`);
for (const failure of playwrightFailures(join(reports, 'e2e.json'))) console.log(`[parley]   e2e failed: ${failure}`);
for (const failure of playwrightFailures(join(reports, 'bench.json'))) console.log(`[parley]   bench failed: ${failure}`);
const ok = failed === 0 && passed > 0 && rc('unit') === 0 && rc('e2e') === 0 && rc('bench') === 0;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);

function canIsolateNetwork() {
  if (process.env.PARLEY_NO_NETNS) return false;
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && true'], { stdio: 'ignore' });
  return probe.status === 0;
}

function readText(path) {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

function vitestCounts(path) {
  const text = readText(path);
  if (!text) return { passed: 0, failed: 1, skipped: 0 }; // no report: the suite did not run
  const r = JSON.parse(text);
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0),
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
}

function playwrightCounts(path) {
  const text = readText(path);
  if (!text) return { passed: 0, failed: 1, skipped: 0 };
  const s = JSON.parse(text).stats ?? {};
  // A flaky test (passed only on retry) is a broken test: it counts as failed.
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}
