// B1, cold start: a new Chromium process opening Parley from the browser host, until its
// first paint and until the conversation list is painted. Two profiles:
//   fresh:   a new Chromium profile (empty cache, HTTP cache empty), the host signed in:
//            the list comes from the server (one conversation, with Bob)
//   cached:  a profile whose Parley cache (Dexie, IndexedDB) holds 200 conversations, written
//            in the app's own schema by cloning the row the app wrote for the real one: the
//            list comes from the cache
//   subject:  Parley's index.html and bundle, from the browser host
//   baseline: a static HTML page with the same shell and CSS and no script: the painted chat
//             screen of that same profile, saved as HTML (scripts removed), served by a second
//             browser host process (`--renderer DIR`: same server code, headers, compression)
// Every run is a new Chromium process (launchPersistentContext) on the profile; times are the
// page's own (performance.now(), from navigation start): first-contentful-paint, and the
// frame after the expected rows are in the DOM (all of them, or the rows that fill the window:
// what the static page shows at its first paint). Baseline and subject alternate after a
// warm-up; the figure is the median of per-run ratios, with their min–max.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { copyFileSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext } from '@playwright/test';
import { openDirect, signInAccount } from '../e2e/support/parley';
import { freePort, startWebHost, tempDir, type Running } from '../e2e/support/processes';
import { alternate, openBench, size, startStack } from './support/bench';
import { recordFigures, summarise } from './support/results';

const CONVERSATIONS = size('PARLEY_BENCH_CONVERSATIONS', 200, 20);
/** Cold loads are short and noisy: more runs than the other benches (a run is ~1 s). */
const COLD_RUNS = size('PARLEY_BENCH_RUNS', 11, 1);
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'renderer');

interface Times {
  fcp: number;
  list: number;
}

/** Installed before any page script: resolves `__b1` with FCP and the frame after `rows` conversation rows (or as many as reach past the window) are in the DOM. */
function probe(rows: number) {
  const w = window as unknown as { __b1: Promise<{ fcp: number; list: number }> };
  w.__b1 = new Promise((resolve) => {
    let fcp = -1;
    let list = -1;
    const done = () => {
      if (fcp >= 0 && list >= 0) resolve({ fcp, list });
    };
    new PerformanceObserver((entries) => {
      const e = entries.getEntriesByName('first-contentful-paint')[0];
      if (e) {
        fcp = e.startTime;
        done();
      }
    }).observe({ type: 'paint', buffered: true });
    // The list is painted once its rows are all in the DOM, or once the rows in the DOM reach
    // past the window's bottom edge: a list that renders the rows in view first (the rest
    // while idle) shows the same screen as the static page then.
    const inView = (items: NodeListOf<Element>) => items.length > 0 && items[items.length - 1]!.getBoundingClientRect().top >= window.innerHeight;
    const check = () => {
      if (list >= 0) return;
      const items = document.querySelectorAll('[data-testid="conversation-item"]');
      if (items.length < rows && !inView(items)) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        list = performance.now();
        done();
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
    check();
  });
}

async function coldLoad(profile: string, origin: string, url: string, rows: number): Promise<Times> {
  const context: BrowserContext = await openBench(profile, origin);
  try {
    await context.addInitScript(probe, rows);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    return await page.evaluate(() => (window as unknown as { __b1: Promise<Times> }).__b1);
  } finally {
    await context.close();
  }
}

/** The painted page as static HTML: scripts and module preloads removed, the shell and CSS kept. */
async function snapshot(profile: string, origin: string, url: string, rows: number): Promise<string> {
  const context = await openBench(profile, origin);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    // The chat screen's own list, synced: not the rows painted before React, which it replaces.
    await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live', { timeout: 60_000 });
    await expect(page.locator('[data-early]')).toHaveCount(0, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('conversation-item').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(rows);
    return await page.evaluate(() => {
      const doc = document.documentElement.cloneNode(true) as HTMLElement;
      doc.querySelectorAll('script, link[rel="modulepreload"]').forEach((n) => n.remove());
      return `<!doctype html>\n${doc.outerHTML}`;
    });
  } finally {
    await context.close();
  }
}

function writeStatic(dir: string, name: string, html: string): void {
  writeFileSync(join(dir, name), html);
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(html));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(html, { level: 9 }));
}

test('B1: cold start, first paint and the conversation list, vs a static page of the same screen', async () => {
  const stack = await startStack('cold');
  let staticHost: Running | null = null;
  try {
    // Sign in (the host keeps the account) and make the one real conversation.
    const setupProfile = tempDir('bench-cold-cached');
    {
      const context = await openBench(setupProfile, stack.origin);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(stack.host.url);
      await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
      await openDirect(page, 'netalo', 'Bob');
      await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
      // 199 more conversations, cloned from the row the app wrote (same schema, same account).
      const written = await page.evaluate(async (count) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('parley');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const rows = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
          const req = db.transaction('conversations').objectStore('conversations').getAll();
          req.onsuccess = () => resolve(req.result as Array<Record<string, unknown>>);
          req.onerror = () => reject(req.error);
        });
        const model = rows[0]!;
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('conversations', 'readwrite');
          const now = Date.now() - 60_000;
          for (let i = 1; i < count; i++) {
            const id = `${9_007_199_254_740_993n + BigInt(i) * 1000n}`;
            tx.objectStore('conversations').put({
              ...model,
              id,
              kind: 'group',
              title: `Bench group ${i}`,
              peerId: undefined,
              lastActivityAt: now - i * 3_600_000,
              createdAt: now - i * 3_600_000,
              lastMessage: model.lastMessage ? { ...(model.lastMessage as object), text: `The last message of group ${i}` } : undefined,
              unreadCount: i % 5,
            });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
        return rows.length + count - 1;
      }, CONVERSATIONS);
      expect(written).toBeGreaterThanOrEqual(CONVERSATIONS);
      await context.close();
    }

    // The static baselines: each profile's painted chat screen, served by a second host.
    const staticDir = tempDir('bench-cold-static');
    mkdirSync(join(staticDir, 'assets'));
    for (const f of readdirSync(join(dist, 'assets'))) if (/\.css(\.br|\.gz)?$/.test(f)) copyFileSync(join(dist, 'assets', f), join(staticDir, 'assets', f));
    for (const f of readdirSync(dist)) if (f.startsWith('favicon')) cpSync(join(dist, f), join(staticDir, f));
    const cachedHtml = await snapshot(setupProfile, stack.origin, stack.host.url, CONVERSATIONS);
    const freshHtml = await snapshot(tempDir('bench-cold-snap'), stack.origin, stack.host.url, 1);
    writeStatic(staticDir, 'index.html', freshHtml);
    writeStatic(staticDir, 'cached.html', cachedHtml);
    staticHost = await startWebHost({ dataDir: tempDir('bench-cold-static-host'), port: await freePort(), serverUrl: stack.server.url, extraArgs: ['--renderer', staticDir] });
    const staticOrigin = new URL(staticHost.url).origin;
    const staticRows = (html: string) => html.split('data-testid="conversation-item"').length - 1;
    const cachedRows = staticRows(cachedHtml);
    expect(cachedRows).toBeGreaterThanOrEqual(CONVERSATIONS);
    expect(staticRows(freshHtml)).toBeGreaterThanOrEqual(1);

    const fresh = await alternate(
      () => coldLoad(tempDir('bench-cold-b'), staticOrigin, `${staticOrigin}/`, 1),
      () => coldLoad(tempDir('bench-cold-s'), stack.origin, stack.host.url, 1),
      COLD_RUNS,
    );
    // The cached profile: the subject opens the seeded profile; the baseline a copy of it, so both start from the same disk state.
    const baselineProfile = tempDir('bench-cold-cached-b');
    cpSync(setupProfile, baselineProfile, { recursive: true });
    const cached = await alternate(
      () => coldLoad(baselineProfile, staticOrigin, `${staticOrigin}/cached.html`, cachedRows),
      () => coldLoad(setupProfile, stack.origin, stack.host.url, CONVERSATIONS),
      COLD_RUNS,
    );

    const figures = [];
    for (const [name, runs] of [
      ['fresh profile', fresh],
      [`${CONVERSATIONS} cached conversations`, cached],
    ] as const) {
      const fp = summarise(
        runs.subject.map((t) => t.fcp),
        runs.baseline.map((t) => t.fcp),
      );
      const list = summarise(
        runs.subject.map((t) => t.list),
        runs.baseline.map((t) => t.fcp),
      );
      figures.push(
        {
          id: 'B1',
          figure: `B1 first paint (${name})`,
          what: `cold start, ${name}: first-contentful-paint (ms from navigation start)`,
          subject: `${fp.subjectMedian.toFixed(0)} ms`,
          baseline: `${fp.baselineMedian.toFixed(0)} ms (static page FCP)`,
          ratio: fp.ratio,
          spread: [fp.min, fp.max] as [number, number],
          target: '≤ 1.1×',
          meets: fp.ratio <= 1.1,
          details: runs,
        },
        {
          id: 'B1',
          figure: `B1 list painted (${name})`,
          what: `cold start, ${name}: the frame after the list's rows (all, or enough to fill the window) are in the DOM (${name === 'fresh profile' ? 'from the server' : 'from the cache'})`,
          subject: `${list.subjectMedian.toFixed(0)} ms`,
          baseline: `${list.baselineMedian.toFixed(0)} ms (static page FCP, list included)`,
          ratio: list.ratio,
          spread: [list.min, list.max] as [number, number],
          target: '≤ 1.5×',
          meets: list.ratio <= 1.5,
        },
      );
    }
    recordFigures('cold-start', figures);
    console.log(JSON.stringify(figures.map(({ details: _d, ...f }) => f)));
  } finally {
    await staticHost?.stop();
    await stack.stop();
  }
});
