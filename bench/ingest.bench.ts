// B4, ingest: 10,000 incoming messages through the whole path (server → browser host's main
// → renderer → Dexie and the store) for a conversation that is NOT open (Alice has Carol's
// conversation open; Bob writes in Bob's). The subject's rate: messages over the time from
// Bob's first send until every one of them is a row in Parley's cache (IndexedDB count on the
// conversation) and the store has the last (the list row's preview shows it, painted).
//   baseline: in the same page, the same rows (read back from Parley's cache, outside the
//             timing) put into a fresh IndexedDB database of the same schema (threadMessages'
//             key path and indexes, `words` multiEntry) in one transaction with relaxed
//             durability; its rate is rows over the time until the transaction completes
//   figure:   subject rate / raw rate; target ≥ 0.8
// Beside the timings, each run records the CPU every kind of process used in the subject's
// and the baseline's stretch (`cpuMs`, `baselineCpuMs`; process-cpu.ts): on two cores the
// subject is bound by their sum, not by any one process.
import { expect, test, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { openDirect, send, signInAccount } from '../e2e/support/parley';
import { netaloSignIn } from '../e2e/support/plain-sockets';
import { tempDir } from '../e2e/support/processes';
import { WARMUPS, openBench, size, startStack } from './support/bench';
import { cpuBetween, sampleCpu } from './support/process-cpu';
import { median, recordFigures } from './support/results';
import { PROFILE, profilePages } from './support/trace';

const COUNT = size('PARLEY_BENCH_INGEST', 10_000, 300);
/** Each run sends COUNT more messages through the whole path: 3 runs by default. */
const RUNS = size('PARLEY_BENCH_RUNS', 3, 1);

function cachedCount(page: Page, accountId: string, conversationId: string): Promise<number> {
  return page.evaluate(
    async ({ accountId, conversationId }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const n = await new Promise<number>((resolve, reject) => {
        const req = db
          .transaction('threadMessages')
          .objectStore('threadMessages')
          .index('[accountId+conversationId+sentAt]')
          .count(IDBKeyRange.bound([accountId, conversationId, -Infinity], [accountId, conversationId, Infinity]));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return n;
    },
    { accountId, conversationId },
  );
}

interface Ingested {
  /** First send → every message cached and the last in the store (painted). */
  ms: number;
  /** First send → the server acknowledged all of Bob's sends: the part of `ms` the server set. */
  acksMs: number;
  /** First send → the last message in the list's preview (the store). */
  storeMs: number;
  /** First send → every row in the cache. */
  cachedMs: number;
  /** CPU ms per kind of process from the first send to the cache's last row (process-cpu.ts). */
  cpuMs: Record<string, number>;
}

/** Parley: Bob sends `count` messages; ms until all are cached and the last is in the list's preview. */
async function subject(page: Page, bob: Socket, accountId: string, conversationId: string, tag: string, count: number): Promise<Ingested> {
  const before = await cachedCount(page, accountId, conversationId);
  const last = `${tag} ${count - 1}`;
  await page.evaluate(
    ({ conversationId, last }) => {
      const w = window as unknown as { __b4: Promise<number> };
      w.__b4 = new Promise((resolve) => {
        const check = () => {
          const preview = document.querySelector(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"] [data-testid="conversation-preview"]`);
          if (!preview?.textContent?.includes(last)) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(Date.now()));
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    },
    { conversationId, last },
  );
  const cpuBefore = sampleCpu();
  const started = Date.now();
  const acks: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) acks.push(bob.timeout(900_000).emitWithAck('create_message', { group_id: conversationId, type: 1, message: `${tag} ${i}`, nonce: `${tag}-${i}` }));
  await Promise.all(acks);
  const acksAt = Date.now();
  const storeAt = await page.evaluate(() => (window as unknown as { __b4: Promise<number> }).__b4);
  // The cache: poll the row count (every 20 ms) until every message is there.
  const cachedAt = await page.evaluate(
    async ({ accountId, conversationId, want }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const range = IDBKeyRange.bound([accountId, conversationId, -Infinity], [accountId, conversationId, Infinity]);
      for (let i = 0; i < 45_000; i++) {
        const n = await new Promise<number>((resolve, reject) => {
          const req = db.transaction('threadMessages').objectStore('threadMessages').index('[accountId+conversationId+sentAt]').count(range);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        if (n >= want) {
          db.close();
          return Date.now();
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      db.close();
      throw new Error('the cache never held every message');
    },
    { accountId, conversationId, want: before + count },
  );
  const cpuMs = cpuBetween(cpuBefore, sampleCpu());
  return { ms: Math.max(storeAt, cachedAt) - started, acksMs: acksAt - started, storeMs: storeAt - started, cachedMs: cachedAt - started, cpuMs };
}

/**
 * Raw: the newest COUNT rows of the conversation (read outside the timing) put into a fresh
 * database of the same schema, one relaxed transaction. Three calls into the page, so that the
 * CPU measured around the puts (process-cpu.ts) holds only them.
 */
async function baseline(page: Page, accountId: string, conversationId: string, run: string, count = COUNT): Promise<{ ms: number; cpuMs: Record<string, number> }> {
  const name = `bench-raw-${run}`;
  await page.evaluate(
    async ({ accountId, conversationId, count, name }) => {
      const parley = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = parley
          .transaction('threadMessages')
          .objectStore('threadMessages')
          .index('[accountId+conversationId+sentAt]')
          .getAll(IDBKeyRange.bound([accountId, conversationId, -Infinity], [accountId, conversationId, Infinity]));
        req.onsuccess = () => resolve((req.result as unknown[]).slice(-count));
        req.onerror = () => reject(req.error);
      });
      parley.close();
      if (rows.length < count) throw new Error(`only ${rows.length} rows to copy`);
      const raw = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          // Parley's threadMessages (database.ts, version 3), as Dexie creates it.
          const store = open.result.createObjectStore('threadMessages', { keyPath: ['accountId', 'conversationId', 'key'] });
          store.createIndex('[accountId+conversationId+sentAt]', ['accountId', 'conversationId', 'sentAt']);
          store.createIndex('[accountId+conversationId+id]', ['accountId', 'conversationId', 'id']);
          store.createIndex('words', 'words', { multiEntry: true });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      (window as unknown as { __b4raw: { raw: IDBDatabase; rows: unknown[] } }).__b4raw = { raw, rows };
    },
    { accountId, conversationId, count, name },
  );
  const cpuBefore = sampleCpu();
  const ms = await page.evaluate(async () => {
    const { raw, rows } = (window as unknown as { __b4raw: { raw: IDBDatabase; rows: unknown[] } }).__b4raw;
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction('threadMessages', 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore('threadMessages');
      for (const row of rows) store.put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    return performance.now() - started;
  });
  const cpuMs = cpuBetween(cpuBefore, sampleCpu());
  await page.evaluate(async (name) => {
    const w = window as unknown as { __b4raw?: { raw: IDBDatabase } };
    w.__b4raw?.raw.close();
    delete w.__b4raw;
    await new Promise<void>((resolve) => {
      const del = indexedDB.deleteDatabase(name);
      del.onsuccess = () => resolve();
      del.onerror = () => resolve();
    });
  }, name);
  return { ms, cpuMs };
}

test('B4: ingest 10,000 incoming messages into a closed conversation, vs raw IndexedDB puts', async () => {
  test.setTimeout(3_600_000);
  const stack = await startStack('ingest');
  const context = await openBench(tempDir('bench-ingest-profile'), stack.origin);
  let bob: Socket | null = null;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(stack.host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(page, 'netalo', 'Bob');
    await send(page, 'Hello Bob');
    const view = page.getByTestId('conversation-view');
    const accountId = (await view.getAttribute('data-account-id'))!;
    const conversationId = (await view.getAttribute('data-conversation-id'))!;
    await expect(page.getByTestId('message').filter({ hasText: 'Hello Bob' })).toHaveAttribute('data-message-id', /^\d+$/);
    // Carol's conversation open: Bob's is not.
    await openDirect(page, 'netalo', 'Carol');
    bob = (await netaloSignIn(stack.server.url, 'bob', 'bob-parley')).socket;

    const subjectMs: number[] = [];
    const baselineMs: number[] = [];
    const runs: Ingested[] = [];
    const baselineCpuMs: Array<Record<string, number>> = [];
    for (let run = -WARMUPS; run < RUNS; run++) {
      const tag = run < 0 ? `warm${-run}` : `r${run}`;
      // Warm-ups are a tenth of the size (10,000 messages through the whole path take minutes).
      const count = run < 0 ? Math.max(COUNT / 10, 100) : COUNT;
      // The subject runs first: the baseline copies the rows it stored.
      const profiling = PROFILE && run >= 0 ? await profilePages([page]) : null;
      const s = await subject(page, bob, accountId, conversationId, tag, count);
      await profiling?.(run);
      if (run < 0) {
        await baseline(page, accountId, conversationId, tag, count);
        continue;
      }
      runs.push(s);
      subjectMs.push(s.ms);
      const raw = await baseline(page, accountId, conversationId, tag);
      baselineMs.push(raw.ms);
      baselineCpuMs.push(raw.cpuMs);
    }
    // Rates: messages per second; the figure is subject rate / raw rate (= raw ms / subject ms).
    const ratios = subjectMs.map((s, i) => baselineMs[i]! / s);
    const rate = (ms: number) => `${Math.round((COUNT / ms) * 1000).toLocaleString('en')} msg/s`;
    const ratio = median(ratios);
    recordFigures('ingest', [
      {
        id: 'B4',
        figure: 'B4 ingest',
        what: `${COUNT.toLocaleString('en')} messages pushed by the server into a conversation that is not open → all in Dexie and the last in the store (rate ratio, higher is better)`,
        subject: `${rate(median(subjectMs))} (${(median(subjectMs) / 1000).toFixed(2)} s)`,
        baseline: `${rate(median(baselineMs))} (${median(baselineMs).toFixed(0)} ms, one relaxed transaction)`,
        ratio,
        spread: [Math.min(...ratios), Math.max(...ratios)],
        target: '≥ 0.8× the raw rate',
        meets: ratio >= 0.8,
        details: { count: COUNT, subjectMs, baselineMs, runs, baselineCpuMs },
      },
    ]);
    console.log(JSON.stringify({ runs, baselineMs, baselineCpuMs, ratios }));
  } finally {
    bob?.close();
    await context.close();
    await stack.stop();
  }
});
