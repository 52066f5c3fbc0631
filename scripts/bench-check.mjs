// `npm test`'s check of the quick bench run (PARLEY_BENCH_QUICK=1): every bench file passed
// and recorded well-formed figures through bench/support/results.ts, and every figure of
// issue 13 (B1 … B10) was produced, none left pending. Never a timing.
// Usage alone: node scripts/bench-check.mjs REPORT.json RESULTS.json
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './support.mjs';

/** Issue 13's figures (bench/support/results.ts's CATALOGUE): each must be produced. */
export const FIGURE_IDS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10'];

/**
 * The quick bench run: its Playwright counts, and one failure more for each bench file that
 * recorded no figure, a figure without its fields (bench/support/results.ts), or a figure of
 * the issue that no bench produced. No timing is ever checked.
 */
export function benchCounts(reportPath, resultsPath) {
  const counts = playwrightCounts(reportPath);
  const problems = [];
  const text = readText(resultsPath);
  const figures = text ? (JSON.parse(text).figures ?? []) : [];
  const files = readdirSync(join(repoRoot, 'bench')).filter((f) => f.endsWith('.bench.ts'));
  for (const file of files) {
    const mine = figures.filter((f) => f.file === file);
    if (mine.length === 0) problems.push(`${file} recorded no figure`);
    for (const f of mine) {
      const wellFormed =
        typeof f.id === 'string' && typeof f.figure === 'string' && typeof f.subject === 'string' && typeof f.baseline === 'string' &&
        typeof f.target === 'string' && (f.ratio === null || Number.isFinite(f.ratio)) && (f.meets === null || typeof f.meets === 'boolean') && f.quick === true;
      if (!wellFormed) problems.push(`${file}: figure ${JSON.stringify(f.figure)} is missing a field`);
    }
  }
  for (const id of FIGURE_IDS) if (!figures.some((f) => f.id === id)) problems.push(`figure ${id} was not produced (pending)`);
  return { ...counts, failed: counts.failed + problems.length, problems };
}

function readText(path) {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

function playwrightCounts(path) {
  const text = readText(path);
  if (!text) return { passed: 0, failed: 1, skipped: 0 };
  const s = JSON.parse(text).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = benchCounts(process.argv[2], process.argv[3]);
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
}
