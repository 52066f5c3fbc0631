// The benchmarks' shared results: every bench records its figures here, and this module
// keeps bench/results/results.json (figures from every bench file, merged) and regenerates
// bench/results/results.md (the table the README quotes). bench/results/ is not committed.
//
// API, for every bench file (bench-B's list, send-latency and memory benches too):
//
//   import { recordFigures, summarise } from './support/results';
//   import { QUICK, RUNS, WARMUPS, openBench } from './support/bench';
//   const s = summarise(subjectMs, baselineMs);            // per-run ratios → median, min, max
//   recordFigures('send-latency', [{                        // first argument: the bench's name
//     id: 'B6', figure: 'B6 send latency p50',              // id: B1..B10; figure: unique
//     what: 'Enter in page A → painted in page B',
//     subject: `${s.subjectMedian.toFixed(1)} ms`,           // the subject's median, human-readable
//     baseline: `${s.baselineMedian.toFixed(1)} ms`,         // the baseline's median, same run
//     ratio: s.ratio, spread: [s.min, s.max],                // spread: min–max of the per-run ratios (or null)
//     target: '≤ echo p50 + 16.7 ms', meets: true,           // meets: null when there is no verdict
//     details: { ... },                                      // anything else (raw runs), JSON only
//   }]);
//
// recordFigures replaces every figure the same bench recorded before (so a re-run of one
// file keeps the others'), stamps quick mode, and rewrites both files. A catalogue id with
// no figure is listed as pending. PARLEY_BENCH_RESULTS moves the directory (quick mode in
// `npm test` writes to test-results/bench-quick/, so it never overwrites full results).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';

export interface Figure {
  /** B1 … B10. */
  id: string;
  /** Unique name of this figure, e.g. 'B1 first paint (fresh profile)'. */
  figure: string;
  what: string;
  /** The subject's measurement (median), human-readable. */
  subject: string;
  /** The baseline's measurement (median, same run), human-readable. */
  baseline: string;
  /** Subject over baseline (or the figure's own unit, said in `what`); null if none. */
  ratio: number | null;
  /** Min–max of the per-run ratios. */
  spread: [number, number] | null;
  target: string;
  /** Whether the figure meets its target; null when it has no verdict. */
  meets: boolean | null;
  details?: unknown;
}

export interface RecordedFigure extends Figure {
  bench: string;
  /** The bench file that recorded it (`npm test`'s quick step checks every file recorded). */
  file: string | null;
  quick: boolean;
  recordedAt: string;
}

/** Every figure of issue 13; those with nothing recorded show as pending. */
export const CATALOGUE: Array<{ id: string; what: string; target: string; pendingWhy?: string }> = [
  { id: 'B1', what: 'cold start: first paint; cached conversation list painted', target: 'first paint ≤ 1.1×; list ≤ 1.5×' },
  { id: 'B2', what: 'open a conversation: click → last 50 messages painted (100,000 cached)', target: '≤ raw read + 33.4 ms' },
  { id: 'B3', what: 'message list: mount, scroll, DOM rows, heap, prepend', target: 'mount ≤ 1.5×; p95 frame ≤ 16.7 ms; …' },
  { id: 'B4', what: 'ingest: 10,000 incoming messages into Dexie and the store', target: '≥ 0.8× the raw rate' },
  { id: 'B5', what: 'burst: messages pushed into an open conversation, painted', target: '≤ 2×, no task > 50 ms' },
  { id: 'B6', what: 'send latency: Enter in page A → painted in page B', target: 'p50 ≤ echo + 16.7 ms; p99 ≤ 2×(echo p99 + 16.7 ms)' },
  { id: 'B7', what: 'call setup: click Call → first remote video frame', target: '≤ 1.5× and < 1 s' },
  { id: 'B8', what: 'memory: heap and RSS after B3 + 20 conversation switches', target: 'RSS ≤ 1.5×; heap growth ≤ 5%' },
  { id: 'B9', what: 'search: last keystroke → results painted (100,000 cached)', target: '≤ 2× and < 100 ms' },
  { id: 'B10', what: 'renderer bundle: script bytes before first paint', target: '≤ 100 KB' },
];

export const QUICK_MODE = process.env.PARLEY_BENCH_QUICK === '1';
const here = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = process.env.PARLEY_BENCH_RESULTS ?? join(here, '..', 'results');
const jsonPath = () => join(RESULTS_DIR, 'results.json');

export function readFigures(): RecordedFigure[] {
  if (!existsSync(jsonPath())) return [];
  try {
    return (JSON.parse(readFileSync(jsonPath(), 'utf8')) as { figures?: RecordedFigure[] }).figures ?? [];
  } catch {
    return [];
  }
}

/** Records `figures` for `bench`, replacing what that bench recorded before; rewrites results.json and results.md. */
export function recordFigures(bench: string, figures: Figure[]): void {
  const recordedAt = new Date().toISOString();
  let file: string | null = null;
  try {
    file = basename(test.info().file);
  } catch {
    // Called outside a test: no file to name.
  }
  const kept = readFigures().filter((f) => f.bench !== bench);
  const all = [...kept, ...figures.map((f) => ({ ...f, bench, file, quick: QUICK_MODE, recordedAt }))];
  const order = (id: string) => {
    const i = CATALOGUE.findIndex((c) => c.id === id);
    return i < 0 ? CATALOGUE.length : i;
  };
  all.sort((a, b) => order(a.id) - order(b.id) || a.figure.localeCompare(b.figure));
  mkdirSync(RESULTS_DIR, { recursive: true });
  // Write then rename: a reader never sees half a file.
  const tmp = `${jsonPath()}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ updatedAt: recordedAt, figures: all }, null, 2) + '\n');
  renameSync(tmp, jsonPath());
  writeFileSync(join(RESULTS_DIR, 'results.md'), markdown(all));
}

/** Two decimals; three significant digits below 0.1 (a rate ratio of 0.016 is not 0.02). */
const num = (x: number) => (Math.abs(x) < 0.1 && x !== 0 ? x.toPrecision(2) : x.toFixed(2));
const fmtRatio = (f: Figure) => (f.ratio === null ? '—' : `${num(f.ratio)}×${f.spread ? ` (${num(f.spread[0])}–${num(f.spread[1])})` : ''}`);
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdown(figures: RecordedFigure[]): string {
  const rows: string[] = [];
  for (const c of CATALOGUE) {
    const mine = figures.filter((f) => f.id === c.id);
    if (mine.length === 0) {
      rows.push(`| ${c.id} | ${cell(c.what)} | pending${c.pendingWhy ? ` (${c.pendingWhy})` : ''} | — | — | ${cell(c.target)} | pending |`);
      continue;
    }
    for (const f of mine) rows.push(row(f));
  }
  for (const f of figures.filter((f) => !CATALOGUE.some((c) => c.id === f.id))) rows.push(row(f));
  const quick = figures.some((f) => f.quick) ? '\nQuick mode (1 warm-up, 1 run, small sizes) produced some of these figures: they show that the bench runs, not how fast Parley is.\n' : '';
  return (
    `| figure | what | subject | baseline | ratio (median, min–max) | target | meets? |\n|---|---|---|---|---|---|---|\n` +
    rows.join('\n') +
    '\n' +
    quick
  );
}

function row(f: RecordedFigure): string {
  const meets = f.meets === null ? '—' : f.meets ? 'yes' : '**no**';
  return `| ${cell(f.figure)} | ${cell(f.what)} | ${cell(f.subject)} | ${cell(f.baseline)} | ${fmtRatio(f)} | ${cell(f.target)} | ${meets}${f.quick ? ' (quick)' : ''} |`;
}

export interface Summary {
  ratio: number;
  min: number;
  max: number;
  subjectMedian: number;
  baselineMedian: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Per-run ratios subject[i] / baseline[i]: their median and min–max, and each side's median. */
export function summarise(subject: number[], baseline: number[]): Summary {
  const ratios = subject.map((s, i) => s / baseline[i]!);
  return { ratio: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), subjectMedian: median(subject), baselineMedian: median(baseline) };
}
