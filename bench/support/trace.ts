// With PARLEY_BENCH_TRACE=DIR: a Chrome trace of a page over one measured run (its tasks, the
// JavaScript each ran, sampled stacks), written to DIR to open in DevTools' Performance panel
// or to list its long tasks with bench/long-tasks.mjs. Off by default: tracing slows the page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const TRACE = process.env.PARLEY_BENCH_TRACE ?? '';

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
