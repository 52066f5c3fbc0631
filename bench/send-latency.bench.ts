// B6, send latency: Alice presses Enter in her Parley (page A, her own browser host and
// Chromium) → the message is painted in Bob's Parley (page B, his own host and Chromium, the
// conversation open) and stored in Bob's cache (his IndexedDB).
//   subject:  Parley → Parley, one message at a time: from Enter's keydown in page A to the
//             later of (the frame after the message's row appears in page B, the row being
//             readable from Bob's IndexedDB: polled from the moment the row appears)
//   baseline: two bare pages in the same two Chromiums (Alice's and Bob's), socket.io-client
//             on sessions from the HTTP sign-in, through the same server: page A emits
//             create_message with an ack, page B appends each pushed message to the DOM;
//             from the emit to the frame after it is appended
// Times cross processes as performance.timeOrigin + performance.now() (the same clock).
// A run is SENDS messages; runs alternate baseline and subject after a warm-up; p50 and p99
// per run, medians over runs with the spread.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openDirect, send, signInAccount } from '../e2e/support/parley';
import { row } from '../e2e/presence/people';
import { freePort, startWebHost, tempDir } from '../e2e/support/processes';
import { QUICK, RUNS, WARMUPS, alternate, netaloSession, openBench, size, startStack } from './support/bench';
import { median, recordFigures } from './support/results';
import { percentile } from './support/thread';
import { PROFILE, TRACE, profilePages, tracePage } from './support/trace';

const SENDS = size('PARLEY_BENCH_SENDS', 50, 10);
const GAP_MS = 30;
const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const log = (what: string) => process.env.PARLEY_BENCH_VERBOSE && console.log(`[send ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

interface Run {
  ms: number[];
  p50: number;
  p99: number;
}

const summary = (ms: number[]): Run => ({ ms, p50: percentile(ms, 50), p99: percentile(ms, 99) });

type Received = { painted: number; stored: number };

/** Page B (Parley): starts watching for `text`; `collect` then resolves with the clock times it was painted and stored. */
async function parleyWatch(page: Page, text: string, word: string): Promise<{ collect: () => Promise<Received> }> {
  await page.evaluate(
    ({ text, word }) => {
      (window as unknown as { __received: Promise<Received> }).__received = new Promise<Received>((resolve, reject) => {
        const clock = () => performance.timeOrigin + performance.now();
        // One connection, opened now (before the message): each check is one index count.
        const opened = new Promise<IDBDatabase>((res, rej) => {
          const open = indexedDB.open('parley');
          open.onerror = () => rej(open.error);
          open.onsuccess = () => res(open.result);
        });
        const storedYet = async () => {
          const db = await opened;
          return new Promise<boolean>((res, rej) => {
            const req = db.transaction('threadMessages').objectStore('threadMessages').index('words').count(word);
            req.onsuccess = () => res(req.result > 0);
            req.onerror = () => rej(req.error);
          });
        };
        const shown = () => [...document.querySelectorAll('[data-testid="message-text"]')].some((el) => el.textContent === text);
        const timer = setTimeout(() => reject(new Error(`${text} never arrived`)), 30_000);
        // From the moment the row is in the DOM, two clocks run side by side: the frame that
        // paints it, and reads of the cache until the row is there (a read is a round trip to
        // the browser's IndexedDB backend: started only after the frame, it would add its own
        // time to a message that was stored before it was painted).
        const painted = () => {
          const frame = new Promise<number>((r) => requestAnimationFrame(() => r(clock())));
          const stored = (async () => {
            while (!(await storedYet())) await new Promise((r) => setTimeout(r, 1));
            return clock();
          })();
          void Promise.all([frame, stored]).then(async ([paintedAt, storedAt]) => {
            clearTimeout(timer);
            (await opened).close();
            resolve({ painted: paintedAt, stored: storedAt });
          }, reject);
        };
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          painted();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { text, word },
  );
  return { collect: () => page.evaluate(() => (window as unknown as { __received: Promise<Received> }).__received) };
}

/** Page A (Parley): starts listening; `collect` resolves with the clock time of the next Enter keydown in the composer. */
async function enterWatch(page: Page): Promise<{ collect: () => Promise<number> }> {
  await page.evaluate(() => {
    (window as unknown as { __enter: Promise<number> }).__enter = new Promise<number>((resolve) => {
        const box = document.querySelector('[data-testid="composer-input"]')!;
        const onKey = (e: Event) => {
          if ((e as KeyboardEvent).key !== 'Enter') return;
          box.removeEventListener('keydown', onKey, true);
          resolve(performance.timeOrigin + performance.now());
        };
        box.addEventListener('keydown', onKey, true);
    });
  });
  return { collect: () => page.evaluate(() => (window as unknown as { __enter: Promise<number> }).__enter) };
}

test('B6: Enter in one Parley → painted and stored in the other, vs a raw socket.io echo between bare pages', async () => {
  test.setTimeout(QUICK ? 120_000 : 900_000);
  const stack = await startStack('send');
  const bobHost = await startWebHost({ dataDir: tempDir('bench-send-bob-host'), port: await freePort(), serverUrl: stack.server.url });
  const aliceContext = await openBench(tempDir('bench-send-alice'), stack.origin);
  const bobContext = await openBench(tempDir('bench-send-bob'), new URL(bobHost.url).origin);
  const clientJs = readFileSync(join(here, '../node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8');
  const bareServer: Server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(clientJs);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><body><ul id="list"></ul><script src="/socket.io.min.js"></script></body>');
  });
  const barePort = await freePort();
  await new Promise<void>((r) => bareServer.listen(barePort, '127.0.0.1', r));
  try {
    // Alice writes first: a message request, which Bob accepts in his Parley; both keep the conversation open.
    const a = await aliceContext.newPage();
    await a.goto(stack.host.url);
    await signInAccount(a, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(a, 'netalo', 'Bob');
    await send(a, 'Hello Bob');
    const groupId = (await a.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    const b = await bobContext.newPage();
    await b.goto(bobHost.url);
    await signInAccount(b, { protocol: 'netalo', username: 'bob', password: 'bob-parley' });
    await row(b, groupId).click();
    await b.getByTestId('request-accept').click();
    await send(b, 'Hello Alice');
    await expect(a.getByTestId('message-text').filter({ hasText: 'Hello Alice' })).toHaveCount(1);

    // The bare pages, one in each Chromium, each on a session of its own.
    const bareA = await aliceContext.newPage();
    const bareB = await bobContext.newPage();
    for (const [page, user] of [
      [bareA, 'alice'],
      [bareB, 'bob'],
    ] as const) {
      await page.goto(`http://127.0.0.1:${barePort}/`);
      await page.evaluate(
        ({ url, session }) =>
          new Promise<void>((resolve) => {
            type Sock = { on(e: string, f: (m: { message: string }) => void): void; once(e: string, f: () => void): void; timeout(ms: number): { emitWithAck(e: string, p: object): Promise<unknown> } };
            const w = window as unknown as { io: (u: string, o: object) => Sock; sock: Sock; waiters: Map<string, (at: number) => void> };
            const list = document.getElementById('list')!;
            w.waiters = new Map();
            w.sock = w.io(`${url}/data`, { transports: ['websocket'], query: { session } });
            w.sock.on('message', (m) => {
              const li = document.createElement('li');
              li.textContent = m.message;
              list.appendChild(li);
              const done = w.waiters.get(m.message);
              if (done) requestAnimationFrame(() => done(performance.timeOrigin + performance.now()));
            });
            w.sock.once('login', () => resolve());
          }),
        { url: stack.server.url, session: await netaloSession(stack.server.url, user) },
      );
    }

    log('set up');
    const subject = async (run: number): Promise<Run> => {
      await a.bringToFront();
      await b.bringToFront();
      const profiling = PROFILE && run >= 0 ? await profilePages([a, b]) : null;
      const tracing = TRACE && run >= 0 ? await tracePage(b) : null;
      const ms: number[] = [];
      for (let i = 0; i < SENDS; i++) {
        const word = `p${run < 0 ? `w${-run}` : run}n${i}`;
        const text = `Latency ${word}`;
        const received = await parleyWatch(b, text, word);
        await a.getByTestId('composer-input').fill(text);
        const pressed = await enterWatch(a);
        await a.getByTestId('composer-input').press('Enter');
        const start = await pressed.collect();
        const { painted, stored } = await received.collect();
        ms.push(Math.max(painted, stored) - start);
        log(`parley ${text}: painted ${(painted - start).toFixed(1)} stored ${(stored - start).toFixed(1)}`);
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
      await profiling?.(run);
      await tracing?.(`send-run${run}-page1`);
      return summary(ms);
    };
    const baseline = async (run: number): Promise<Run> => {
      await bareA.bringToFront();
      await bareB.bringToFront();
      const ms: number[] = [];
      for (let i = 0; i < SENDS; i++) {
        const text = `Echo b${run < 0 ? `w${-run}` : run}n${i}`;
        // The waiter is in place before the emit: the message cannot come first.
        await bareB.evaluate((text) => {
          const w = window as unknown as { waiters: Map<string, (at: number) => void>; pending: Promise<number> };
          w.pending = new Promise<number>((resolve) => w.waiters.set(text, resolve));
        }, text);
        const received = bareB.evaluate(() => (window as unknown as { pending: Promise<number> }).pending);
        const start = await bareA.evaluate(
          ({ text, groupId }) => {
            const w = window as unknown as { sock: { timeout(ms: number): { emitWithAck(e: string, p: object): Promise<unknown> } } };
            const at = performance.timeOrigin + performance.now();
            void w.sock.timeout(10_000).emitWithAck('create_message', { group_id: groupId, type: 1, message: text, nonce: `echo-${text}` });
            return at;
          },
          { text, groupId },
        );
        ms.push((await received) - start);
        log(`echo ${text}: ${ms.at(-1)!.toFixed(1)}`);
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
      return summary(ms);
    };

    const runs = await alternate(baseline, subject);
    const p50 = median(runs.subject.map((r) => r.p50));
    const p99 = median(runs.subject.map((r) => r.p99));
    const e50 = median(runs.baseline.map((r) => r.p50));
    const e99 = median(runs.baseline.map((r) => r.p99));
    const r50 = runs.subject.map((r, i) => r.p50 / runs.baseline[i]!.p50);
    const r99 = runs.subject.map((r, i) => r.p99 / runs.baseline[i]!.p99);
    const what = `Enter in Alice's Parley → painted and stored in Bob's (${SENDS} sends a run, ${RUNS} runs, ${WARMUPS} warm-up)`;
    recordFigures('send-latency', [
      {
        id: 'B6',
        figure: 'B6 send latency p50',
        what,
        subject: `${p50.toFixed(1)} ms`,
        baseline: `${e50.toFixed(1)} ms (raw socket.io emit → painted in a bare page)`,
        ratio: median(r50),
        spread: [Math.min(...r50), Math.max(...r50)],
        target: `≤ echo p50 + 16.7 ms (${(e50 + 16.7).toFixed(1)} ms)`,
        meets: p50 <= e50 + 16.7,
        details: { subject: runs.subject, baseline: runs.baseline },
      },
      {
        id: 'B6',
        figure: 'B6 send latency p99',
        what,
        subject: `${p99.toFixed(1)} ms`,
        baseline: `${e99.toFixed(1)} ms`,
        ratio: median(r99),
        spread: [Math.min(...r99), Math.max(...r99)],
        target: `≤ 2 × (echo p99 + 16.7 ms) (${(2 * (e99 + 16.7)).toFixed(1)} ms)`,
        meets: p99 <= 2 * (e99 + 16.7),
      },
    ]);
    console.log(JSON.stringify({ p50, p99, echoP50: e50, echoP99: e99, subject: runs.subject.map((r) => r.ms), baseline: runs.baseline.map((r) => r.ms) }));
  } finally {
    await aliceContext.close();
    await bobContext.close();
    bareServer.close();
    await bobHost.stop();
    await stack.stop();
  }
});
