// The pipeline paints a step while the browser stores it, never instead of storing it: the
// store has a received message before its write completes; a write that fails after the
// message was shown is made again (the cache still gets it); if that fails too, the step
// fails (its caller reports it) and the message stays on screen.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { conversationRef } from '../contract';
import { ParleyDb } from '../db/database';
import { createParleyStore } from '../store';
import { ALICE, conversation, freshDbName, incoming } from '../testing/harness';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { BURST_SHOW_MS, Pipeline, SHOW_APART_ROWS } from './pipeline';

const REF = conversationRef(ALICE.id, 'c1');

async function setUp() {
  const db = new ParleyDb(freshDbName());
  await db.conversations.put(conversation('c1', 10));
  const store = createParleyStore(createFakeParleyApi().api);
  // The conversation is open: its thread is held.
  store.setState({ threads: { [REF]: { keys: [], byKey: {} } } });
  const shownTexts = () => {
    const thread = store.getState().threads[REF]!;
    return thread.keys.map((k) => thread.byKey[k]!.text);
  };
  const storedTexts = async () => (await db.threadMessages.toArray()).map((r) => r.text);
  return { db, store, pipeline: new Pipeline(db, store), shownTexts, storedTexts };
}

const realPut = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
});

/** Runs `spy` before each put of a message row (the writer puts them straight on the store). */
function onMessagePut(spy: (request: () => IDBRequest) => IDBRequest): void {
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    return this.name === 'threadMessages' ? spy(() => realPut.apply(this, args)) : realPut.apply(this, args);
  };
}

/** Makes the next `count` writes of messages fail (the transaction aborts), as a full disk would. */
function failPuts(count: number): void {
  let left = count;
  onMessagePut((put) => {
    if (left-- > 0) throw new DOMException('the disk is full (test)', 'QuotaExceededError');
    return put();
  });
}

describe('pipeline: paint while storing', () => {
  it('puts a received message in the store before its write has completed, and stores it', async () => {
    const { store, pipeline, shownTexts, storedTexts } = await setUp();
    const order: string[] = [];
    onMessagePut((put) => {
      const request = put();
      request.addEventListener('success', () => order.push('stored'));
      return request;
    });
    store.subscribe((s) => {
      if (s.threads[REF]?.keys.length && !order.includes('shown')) order.push('shown');
    });
    await pipeline.run({ ops: [{ op: 'message', message: incoming('c1', 'm1', 'hello', 20) }] });
    expect(order).toEqual(['shown', 'stored']);
    expect(shownTexts()).toEqual(['hello']);
    expect(await storedTexts()).toEqual(['hello']);
  });

  it('writes again when the write fails after the message was shown: the cache still gets it', async () => {
    const { pipeline, shownTexts, storedTexts } = await setUp();
    failPuts(1);
    await pipeline.run({ ops: [{ op: 'message', message: incoming('c1', 'm1', 'hello', 20) }] });
    expect(shownTexts()).toEqual(['hello']);
    expect(await storedTexts()).toEqual(['hello']);
    // The next step runs after it, as always.
    await pipeline.run({ ops: [{ op: 'message', message: incoming('c1', 'm2', 'again', 30) }] });
    expect(await storedTexts()).toEqual(['hello', 'again']);
  });

  it('fails the step when the second write fails too, and keeps the message on screen', async () => {
    const { pipeline, shownTexts, storedTexts } = await setUp();
    failPuts(2);
    await expect(pipeline.run({ ops: [{ op: 'message', message: incoming('c1', 'm1', 'hello', 20) }] })).rejects.toThrow(/could not store/);
    expect(shownTexts()).toEqual(['hello']);
    expect(await storedTexts()).toEqual([]);
    // Later steps still run.
    await pipeline.run({ ops: [{ op: 'message', message: incoming('c1', 'm2', 'again', 30) }] });
    expect(await storedTexts()).toEqual(['again']);
  });
});

describe('pipeline: a burst in short tasks', () => {
  it('shows a step of SHOW_APART_ROWS messages or more after the task that placed its writes, a smaller one within it', async () => {
    for (const size of [SHOW_APART_ROWS, 1]) {
      const { store, pipeline } = await setUp();
      const order: string[] = [];
      onMessagePut((put) => {
        order.push('put');
        // A task queued now, before the pipeline could queue one: it runs before any later task.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          order.push('next task');
          channel.port1.close();
        };
        channel.port2.postMessage(null);
        IDBObjectStore.prototype.put = realPut;
        return put();
      });
      store.subscribe((s) => {
        if (s.threads[REF]?.keys.length && !order.includes('shown')) order.push('shown');
      });
      await pipeline.run({ ops: Array.from({ length: size }, (_, i) => ({ op: 'message' as const, message: incoming('c1', String(100 + i), `m${i}`, 100 + i) })) });
      expect(order).toEqual(size === 1 ? ['put', 'shown', 'next task'] : ['put', 'next task', 'shown']);
    }
  });
});

describe('pipeline: a burst on screen a few times a second', () => {
  const burstStep = (from: number) => ({
    ops: Array.from({ length: SHOW_APART_ROWS }, (_, i) => ({ op: 'message' as const, message: incoming('c1', String(from + i), `m${from + i}`, from + i) })),
  });
  /** The thread's length after each store update that changed it. */
  const watchShows = (store: Awaited<ReturnType<typeof setUp>>['store']) => {
    const lengths: number[] = [];
    store.subscribe((s, before) => {
      const now = s.threads[REF]?.keys.length ?? 0;
      if (now !== (before.threads[REF]?.keys.length ?? 0)) lengths.push(now);
    });
    return lengths;
  };

  it('holds a large step shown right after another while a further step waits, and shows both at once', async () => {
    const { store, pipeline, storedTexts } = await setUp();
    const lengths = watchShows(store);
    // Three large steps queued back to back, as a burst's batches are.
    await Promise.all([pipeline.run(burstStep(1000)), pipeline.run(burstStep(2000)), pipeline.run(burstStep(3000))]);
    // The first shows at once; the second waits for the third, the last of the burst, which is never held.
    expect(lengths).toEqual([SHOW_APART_ROWS, 3 * SHOW_APART_ROWS]);
    expect(await storedTexts()).toHaveLength(3 * SHOW_APART_ROWS);
  });

  it('shows a held step within BURST_SHOW_MS when the next step takes long, and its caller hears only once it is shown', async () => {
    const { store, pipeline } = await setUp();
    const lengths = watchShows(store);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const first = pipeline.run(burstStep(1000));
    const second = pipeline.run(burstStep(2000));
    // A third step whose making waits: the second's show is held for it, but not for ever.
    const third = pipeline.run(async () => {
      await slow;
      return burstStep(3000);
    });
    const started = performance.now();
    await second;
    expect(performance.now() - started).toBeLessThan(BURST_SHOW_MS + 1000);
    expect(lengths).toEqual([SHOW_APART_ROWS, 2 * SHOW_APART_ROWS]);
    await first;
    release();
    await third;
    expect(lengths).toEqual([SHOW_APART_ROWS, 2 * SHOW_APART_ROWS, 3 * SHOW_APART_ROWS]);
  });
});
