// B8, memory: Alice's Parley after a 100,000-message conversation is loaded (opened,
// scrolled up through older pages, as in B3) and after blocks of 20 conversation switches
// (Bob's long thread ↔ Carol's), each time after gc():
//   renderer JS heap:  performance.memory.usedJSHeapSize
//   renderer RSS:      VmRSS of the page's renderer process (/proc; the Chromium whose
//                      --user-data-dir is the profile, its --type=renderer descendants, the largest)
//   baseline:          the same app, same server and account, in a second Chromium and browser
//                      host whose cache is empty but for the same two short conversations,
//                      doing the same switches, measured in the same rounds (alternating)
// Figures: RSS ratio (loaded / empty cache) and the heap's growth across each block of 20
// switches (after the block / before it), medians with the spread.
import { readFileSync, readdirSync } from 'node:fs';
import { test, type Page } from '@playwright/test';
import { freePort, startWebHost, tempDir } from '../e2e/support/processes';
import { QUICK, RUNS, WARMUPS, openBench, size, startStack } from './support/bench';
import { median, recordFigures } from './support/results';
import { aliceWithThreads, heapAfterGc, openThread, seedThread, type AliceThreads } from './support/thread';

const MESSAGES = size('PARLEY_BENCH_MEMORY_MESSAGES', 100_000, 10_000);
const SWITCHES = 20;
const started = Date.now();
const log = (what: string) => process.env.PARLEY_BENCH_VERBOSE && console.log(`[memory ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
const SCROLL_FRAMES = size('PARLEY_BENCH_MEMORY_FRAMES', 300, 60);

/** VmRSS (bytes) of every renderer process of the Chromium running on `profileDir`. */
function rendererRss(profileDir: string): number[] {
  const procs = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      procs.set(Number(name), { ppid, cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  const browser = [...procs].find(([, p]) => p.cmd.includes(`--user-data-dir=${profileDir}`) && !p.cmd.includes('--type='))?.[0];
  if (browser === undefined) throw new Error(`no Chromium on ${profileDir}`);
  const descends = (pid: number): boolean => {
    for (let at = procs.get(pid), hops = 0; at && hops < 10; at = procs.get(at.ppid), hops++) if (at.ppid === browser) return true;
    return false;
  };
  const out: number[] = [];
  for (const [pid, p] of procs) {
    if (!p.cmd.includes('--type=renderer') || !descends(pid)) continue;
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) out.push(Number(kb) * 1024);
  }
  return out;
}

/** Scrolls the open list up 40 px a frame for `frames` frames (older pages load as it goes). */
function scrollUp(page: Page, frames: number) {
  return page.evaluate(async (frames) => {
    const el = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    for (let f = 0; f < frames; f++) {
      el.scrollTop = Math.max(0, el.scrollTop - 40);
      await new Promise((r) => requestAnimationFrame(r));
    }
  }, frames);
}

/** SWITCHES conversation switches, each waited for (Bob's thread: its newest page, `bobWindow` rows or more). */
async function switches(page: Page, t: AliceThreads, bobWindow: number): Promise<void> {
  for (let i = 0; i < SWITCHES; i++) {
    if (i % 2 === 0) await openThread(page, t.carolConversation, 1);
    else await openThread(page, t.bobConversation, bobWindow);
  }
}

test('B8: renderer heap and RSS after a 100,000-message conversation and 20 switches, vs the same app with an empty cache', async () => {
  test.setTimeout(QUICK ? 120_000 : 1_200_000);
  const stack = await startStack('memory');
  const emptyHost = await startWebHost({ dataDir: tempDir('bench-memory-empty-host'), port: await freePort(), serverUrl: stack.server.url });
  const loadedDir = tempDir('bench-memory-loaded');
  const emptyDir = tempDir('bench-memory-empty');
  const loadedContext = await openBench(loadedDir, stack.origin);
  const emptyContext = await openBench(emptyDir, new URL(emptyHost.url).origin);
  try {
    const loaded = await loadedContext.newPage();
    const t = await aliceWithThreads(loaded, stack.host.url);
    const empty = await emptyContext.newPage();
    const te = await aliceWithThreads(empty, emptyHost.url);
    log('signed in');
    await seedThread(loaded, { dbName: 'parley', accountId: t.accountId, conversationId: t.bobConversation, senders: [t.aliceId, 'bench-bob'], from: 0, to: MESSAGES, total: MESSAGES });
    for (const [page, host, threads] of [
      [loaded, stack.host.url, t],
      [empty, emptyHost.url, te],
    ] as const) {
      await page.goto(host);
      await page.getByTestId('chat-screen').waitFor();
      log('reloaded');
      await openThread(page, threads.carolConversation, 1);
      await openThread(page, threads.bobConversation, 1);
      log('opened');
      await scrollUp(page, SCROLL_FRAMES);
      log('scrolled');
    }
    const measure = async () => {
      const heap = { loaded: await heapAfterGc(loaded), empty: await heapAfterGc(empty) };
      const rss = { loaded: Math.max(...rendererRss(loadedDir)), empty: Math.max(...rendererRss(emptyDir)) };
      return { heap, rss };
    };
    // Warm-up: a block of switches on each, not counted.
    for (let w = 0; w < WARMUPS; w++) {
      await switches(loaded, t, 50);
      await switches(empty, te, 1);
    }
    const start = await measure();
    const rounds = [start];
    for (let run = 0; run < RUNS; run++) {
      // Alternate which side switches first.
      if (run % 2 === 0) {
        await switches(loaded, t, 50);
        await switches(empty, te, 1);
      } else {
        await switches(empty, te, 1);
        await switches(loaded, t, 50);
      }
      rounds.push(await measure());
      log(`round ${JSON.stringify(rounds.at(-1))}`);
    }
    const rssRatios = rounds.slice(1).map((r) => r.rss.loaded / r.rss.empty);
    const growth = rounds.slice(1).map((r, i) => r.heap.loaded / rounds[i]!.heap.loaded);
    const total = rounds.at(-1)!.heap.loaded / start.heap.loaded;
    const mb = (b: number) => `${(b / 1_048_576).toFixed(1)} MB`;
    recordFigures('memory', [
      {
        id: 'B8',
        figure: 'B8 renderer RSS',
        what: `renderer process RSS after gc(): ${MESSAGES.toLocaleString('en-US')} cached messages opened and scrolled, then blocks of ${SWITCHES} switches, vs the same app with an empty cache`,
        subject: mb(median(rounds.slice(1).map((r) => r.rss.loaded))),
        baseline: `${mb(median(rounds.slice(1).map((r) => r.rss.empty)))} (empty cache)`,
        ratio: median(rssRatios),
        spread: [Math.min(...rssRatios), Math.max(...rssRatios)],
        target: '≤ 1.5×',
        meets: median(rssRatios) <= 1.5,
        details: { rounds },
      },
      {
        id: 'B8',
        figure: 'B8 heap growth across 20 switches',
        what: `renderer JS heap after gc(), after a block of ${SWITCHES} switches / before it (${RUNS} blocks after ${WARMUPS} warm-up block; over all ${RUNS * SWITCHES}: ${total.toFixed(3)}×)`,
        subject: mb(median(rounds.slice(1).map((r) => r.heap.loaded))),
        baseline: `${mb(start.heap.loaded)} before the switches; empty cache ${mb(median(rounds.slice(1).map((r) => r.heap.empty)))}`,
        ratio: median(growth),
        spread: [Math.min(...growth), Math.max(...growth)],
        target: '≤ 1.05× (grows ≤ 5%)',
        meets: median(growth) <= 1.05,
      },
    ]);
    console.log(JSON.stringify({ rounds, rssRatios, growth, total }));
  } finally {
    await loadedContext.close();
    await emptyContext.close();
    await emptyHost.stop();
    await stack.stop();
  }
});
