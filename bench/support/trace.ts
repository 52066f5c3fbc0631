// Recording a bench's pages to find where the time goes, off by default (recording slows the
// page it watches): CPU profiles with PARLEY_BENCH_PROFILE (B4, B5, B6, B7), traces with PARLEY_BENCH_TRACE (B5).
//
// With PARLEY_BENCH_TRACE=DIR: a Chrome trace of a page over one measured run (its tasks, the
// JavaScript each ran, sampled stacks), written to DIR to open in DevTools' Performance panel
// or to list its long tasks with bench/long-tasks.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const TRACE = process.env.PARLEY_BENCH_TRACE ?? '';

/** With PARLEY_BENCH_PROFILE=DIR: each measured run's CPU profile of the pages profiled (B6, B7: both; B4, B5: Parley's), written to DIR (open them in DevTools). */
export const PROFILE = process.env.PARLEY_BENCH_PROFILE ?? '';

/** Starts a sampling CPU profile in each page; the function returned stops them and writes them out. */
export async function profilePages(pages: Page[]): Promise<(run: number | string) => Promise<void>> {
  const sessions = await Promise.all(
    pages.map(async (page) => {
      const session = await page.context().newCDPSession(page);
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 200 });
      await session.send('Profiler.start');
      return session;
    }),
  );
  return async (run) => {
    mkdirSync(PROFILE, { recursive: true });
    for (const [i, session] of sessions.entries()) {
      const { profile } = await session.send('Profiler.stop');
      writeFileSync(join(PROFILE, `run${run}-page${i}.cpuprofile`), JSON.stringify(profile));
      await session.detach();
    }
  };
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
].join(',');

/** Starts tracing the page's browser; the function returned stops it and writes `DIR/name.json`. */
export async function tracePage(page: Page): Promise<(name: string) => Promise<void>> {
  const session = await page.context().newCDPSession(page);
  const events: unknown[] = [];
  session.on('Tracing.dataCollected', (e: { value: unknown[] }) => {
    for (const event of e.value) events.push(event);
  });
  await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async (name) => {
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    await session.detach();
    mkdirSync(TRACE, { recursive: true });
    writeFileSync(join(TRACE, `${name}.json`), JSON.stringify({ traceEvents: events }));
  };
}
