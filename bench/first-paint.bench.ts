// B10, script before first paint: how many bytes of JavaScript the browser downloads before
// Parley paints anything, loaded from the browser host as a user would (Debian's Chromium,
// HTTP cache off, so every load is a first load).
//   figure:   bytes on the wire (compressed bodies, as the host sends them) of every script
//             whose response ended before first-contentful-paint, and of the scripts inline in
//             index.html (each at its own Brotli size); target ≤ 100 KB
//   also:     the same scripts uncompressed (what the host sent before it compressed), and
//             every script the first screen needed (sign-in form, or the chat list) by the
//             time it was on screen
// Measured twice: a first visit (signed out: the sign-in screen) and a signed-in start (the
// chat screen), on an emulated modest network (see load()). Resource timing gives the sizes (encodedBodySize: the body as sent;
// transferSize adds the headers); the response headers give the Content-Encoding. On the
// emulated network the figure barely depends on the machine: the scripts the paint waited
// for, and at most the few small modules in flight beside it (1.9 or 7.4 KB here); the result
// says whether the figure is within its target.
// Records B10 through bench/support/results.ts (bench/results/, not committed).
import { brotliCompressSync } from 'node:zlib';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../e2e/support/browser';
import { signInAccount } from '../e2e/support/parley';
import { freePort, startServer, startWebHost, tempDir } from '../e2e/support/processes';
import { size } from './support/bench';
import { recordFigures } from './support/results';

const RUNS = size('PARLEY_BENCH_RUNS', 3, 1);
/** The budget: 100 KB (100,000 bytes; the stricter reading of "KB") of script before the first paint. */
const TARGET_BYTES = 100_000;

interface ScriptLoad {
  url: string;
  /** Body bytes as sent (compressed when the host compressed it). */
  encoded: number;
  /** Body bytes after decompression. */
  decoded: number;
  /** encoded + response headers. */
  transfer: number;
  responseEnd: number;
  encoding: string;
}

interface Load {
  fcpMs: number;
  screenMs: number;
  beforePaint: ScriptLoad[];
  beforeScreen: ScriptLoad[];
}

const sum = (xs: ScriptLoad[], key: 'encoded' | 'decoded' | 'transfer') => xs.reduce((n, s) => n + s[key], 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** One cold load of `url` in a new tab, until `screen` is visible. */
async function load(context: BrowserContext, url: string, screen: string): Promise<Load> {
  const page: Page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // A modest network (150 ms round trips, 1.6 Mbit/s down), so that what arrives before the
    // first paint is what the paint waited for. On loopback every module arrived within
    // milliseconds: a paint that a busy CPU put off by 100 ms then counted all of them (a run
    // read 105 KB and 160 KB where the paint needs 7.4 KB).
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 });
    const encodings = new Map<string, string>();
    page.on('response', (res) => encodings.set(res.url(), res.headers()['content-encoding'] ?? 'identity'));
    await page.goto(url);
    await page.getByTestId(screen).waitFor();
    // The screen's first frame, then what the page measured.
    const measured = await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const fcp = await new Promise<number>((resolve) => {
        const observer = new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) {
            observer.disconnect();
            resolve(entry.startTime);
          }
        });
        observer.observe({ type: 'paint', buffered: true });
      });
      const scripts = performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => /\.m?js$/.test(new URL(e.name).pathname))
        .map((e) => ({ url: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize, responseEnd: e.responseEnd }));
      return { fcp, screen: performance.now(), scripts };
    });
    const scripts = measured.scripts.map((s) => ({ ...s, encoding: encodings.get(s.url) ?? 'unknown' }));
    // Inline scripts (index.html's appearance script) came with the document, before any
    // paint: counted too, each at its own Brotli size (what it adds to the compressed page,
    // at most) and its own length.
    const inline = (await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? ''))).map((text, i): ScriptLoad => {
      const compressed = brotliCompressSync(text).byteLength;
      return {
        url: `${new URL(url).origin}/index.html#inline-script-${i + 1}`,
        encoded: compressed,
        decoded: Buffer.byteLength(text),
        transfer: compressed,
        responseEnd: 0,
        encoding: encodings.get(new URL('/', url).href) ?? 'unknown',
      };
    });
    return {
      fcpMs: measured.fcp,
      screenMs: measured.screen,
      beforePaint: [...inline, ...scripts.filter((s) => s.responseEnd <= measured.fcp)],
      beforeScreen: [...inline, ...scripts],
    };
  } finally {
    await page.close();
  }
}

function summary(name: string, loads: Load[]) {
  const pick = (f: (l: Load) => number) => median(loads.map(f));
  const last = loads[loads.length - 1]!;
  return {
    scenario: name,
    runs: loads.length,
    scriptBytesBeforePaint: pick((l) => sum(l.beforePaint, 'encoded')),
    scriptTransferBeforePaint: pick((l) => sum(l.beforePaint, 'transfer')),
    scriptBytesBeforePaintUncompressed: pick((l) => sum(l.beforePaint, 'decoded')),
    scriptBytesForScreen: pick((l) => sum(l.beforeScreen, 'encoded')),
    scriptBytesForScreenUncompressed: pick((l) => sum(l.beforeScreen, 'decoded')),
    fcpMsMedian: Math.round(pick((l) => l.fcpMs)),
    screenMsMedian: Math.round(pick((l) => l.screenMs)),
    beforePaint: last.beforePaint.map((s) => ({ file: new URL(s.url).pathname, bytes: s.encoded, uncompressed: s.decoded, encoding: s.encoding })),
    afterPaint: last.beforeScreen
      .filter((s) => !last.beforePaint.includes(s))
      .map((s) => ({ file: new URL(s.url).pathname, bytes: s.encoded, uncompressed: s.decoded, encoding: s.encoding })),
  };
}

test('B10: bytes of script before the first paint, from the browser host', async () => {
  const server = await startServer({ dataDir: tempDir('bench-server'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('bench-host'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir('bench-profile'), origin);
  try {
    // A first visit: nobody signed in, the sign-in screen.
    const signedOut: Load[] = [];
    for (let run = 0; run < RUNS; run++) signedOut.push(await load(context, host.url, 'signin-form'));

    // Signed in (main keeps the account), then every start shows the chat screen.
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await page.close();
    const signedIn: Load[] = [];
    for (let run = 0; run < RUNS; run++) signedIn.push(await load(context, host.url, 'chat-screen'));

    const scenarios = [summary('first visit (sign-in screen)', signedOut), summary('signed in (chat screen)', signedIn)];
    const figure = Math.max(...scenarios.map((s) => s.scriptBytesBeforePaint));
    const result = { figure: 'B10 script before first paint', targetBytes: TARGET_BYTES, bytes: figure, withinTarget: figure <= TARGET_BYTES, scenarios };
    recordFigures(
      'first-paint',
      scenarios.map((s) => ({
        id: 'B10',
        figure: `B10 script before first paint (${s.scenario})`,
        what: `bytes of script before first paint, as sent (${s.beforePaint.map((f) => f.encoding).join(', ')}); for the screen: ${kb(s.scriptBytesForScreen)}`,
        subject: kb(s.scriptBytesBeforePaint),
        baseline: `${kb(s.scriptBytesBeforePaintUncompressed)} uncompressed`,
        ratio: null,
        spread: null,
        target: `≤ ${kb(TARGET_BYTES)}`,
        meets: s.scriptBytesBeforePaint <= TARGET_BYTES,
        details: s,
      })),
    );
    console.log(JSON.stringify(result));

    for (const s of scenarios) {
      // Something was measured and it arrived compressed; whether it is within budget is the
      // figure's `withinTarget`, reported, not asserted (a benchmark reports; it is not a test).
      expect(s.beforePaint.length, s.scenario).toBeGreaterThan(0);
      for (const f of [...s.beforePaint, ...s.afterPaint]) expect(f.encoding, f.file).toMatch(/^(br|gzip)$/);
    }
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
  }
});
