// `npm test`'s last lines name every failed test and its first error line. CI keeps only
// the tail of a long log, so a failure named only in the middle of it (Playwright's list
// reporter, vitest's default one) would be lost there.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const MAX_LINE = 300;

/** "file:line › title — first error line" for each Playwright test that did not pass as expected. */
export function playwrightFailures(reportPath) {
  const report = readJson(reportPath);
  if (!report) return [];
  const out = [];
  const walk = (suite, titles) => {
    const here = suite.title && !suite.title.endsWith('.ts') ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const failedRun = (test.results ?? []).find((r) => r.status !== 'passed' && r.status !== 'skipped');
        const message = failedRun?.error?.message ?? failedRun?.errors?.[0]?.message ?? failedRun?.status ?? 'failed';
        // Where it broke (the failing expect's line) says more than where the test starts.
        const at = failedRun?.error?.location ? ` at line ${failedRun.error.location.line}` : '';
        out.push(`${spec.file}:${spec.line} › ${[...here, spec.title].join(' › ')} (${test.status}${at}) — ${firstLine(message)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return out;
}

/** "file › full name — first error line" for each vitest test that failed, and each file that could not run. */
export function vitestFailures(reportPath, root) {
  const report = readJson(reportPath);
  if (!report) return [];
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name ?? '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${name} › ${a.fullName ?? a.title} — ${firstLine(a.failureMessages?.[0] ?? 'failed')}`);
    if (failed.length === 0 && file.status === 'failed') out.push(`${name} — ${firstLine(file.message || 'the file failed to run')}`);
  }
  return out;
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex -- Playwright's messages carry terminal colours
  const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
