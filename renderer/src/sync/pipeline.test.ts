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
import { Pipeline, SHOW_APART_ROWS } from './pipeline';

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
