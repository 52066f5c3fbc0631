import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef, type Message } from '../contract';
import type { StoredMessage } from '../db/database';
import { LIVE_SLACK, WINDOW_MAX, historyOf } from '../store/historySlice';
import { ALICE, BOB_ID, conversation, incoming, startHarness } from '../testing/harness';

const ref = conversationRef(ALICE.id, 'c1');
const id = (i: number) => String(100_000 + i);
const cached = (i: number): StoredMessage => ({ ...incoming('c1', id(i), `cached ${i}`, 1_000 + i), key: `i:${id(i)}`, rev: 1 });

async function withCache(count: number) {
  const h = await startHarness({ conversations: [conversation('c1', 10)] });
  await h.db.threadMessages.bulkPut(Array.from({ length: count }, (_, i) => cached(i)));
  return h;
}

const texts = (h: Awaited<ReturnType<typeof withCache>>) => {
  const t = h.client.store.getState().threads[ref]!;
  return t.keys.map((k) => t.byKey[k]!.text);
};

describe('history: older pages', () => {
  it('pages the cache, then the server before the oldest server ID, until the server has no more', async () => {
    const h = await withCache(300);
    const asked: Array<string | undefined> = [];
    const older: Message[] = Array.from({ length: 30 }, (_, i) => incoming('c1', String(50_000 + i), `server ${i}`, 500 + i));
    h.fake.handle('messages.list', ({ before }) => {
      asked.push(before);
      // The newest page (no `before`) has nothing new; before the cache's oldest: the 30 older ones, and no cursor.
      return { ok: true, value: before ? { items: [...older].reverse() } : { items: [] } };
    });
    await h.client.openConversation(ref);
    expect(texts(h)).toHaveLength(50);
    expect(historyOf(h.client.store.getState(), ref).older).toBe('cache');

    await h.client.history.loadOlder(ref); // 200 from the cache
    expect(texts(h)).toHaveLength(250);
    await h.client.history.loadOlder(ref); // the last 50 from the cache: fewer than a page
    expect(texts(h)).toHaveLength(300);
    expect(historyOf(h.client.store.getState(), ref).older).toBe('server');
    expect(asked).toEqual([undefined]); // only the open's newest page so far

    await h.client.history.loadOlder(ref);
    expect(asked).toEqual([undefined, id(0)]);
    expect(texts(h)[0]).toBe('server 0');
    expect(texts(h)).toHaveLength(330);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ older: 'none', loading: null, failed: false });
    // The server's page is in the cache too.
    expect(await h.db.threadMessages.where('[accountId+conversationId+id]').equals([ALICE.id, 'c1', '50000']).count()).toBe(1);
  });

  it('a failed server page is remembered (no retry loop) and the next call tries again', async () => {
    const h = await withCache(10);
    let fail = true;
    h.fake.handle('messages.list', () => (fail ? { ok: false, error: { code: 'offline', message: 'offline' } } : { ok: true, value: { items: [] } }));
    await h.client.openConversation(ref);
    await h.client.history.loadOlder(ref);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ older: 'server', failed: true, loading: null });
    fail = false;
    await h.client.history.loadOlder(ref);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ older: 'none', failed: false });
  });
});

describe('history: a bounded window', () => {
  it('trims the newest end past WINDOW_MAX, holds live messages back (counted), and comes back down page by page', async () => {
    const h = await withCache(1_400);
    await h.client.openConversation(ref);
    for (let i = 0; i < 5; i++) await h.client.history.loadOlder(ref);
    const s = h.client.store.getState();
    expect(texts(h)).toHaveLength(WINDOW_MAX);
    expect(texts(h)[WINDOW_MAX - 1]).not.toBe('cached 1399');
    expect(historyOf(s, ref).detached).toBe(true);

    // A live message arrives: cached, counted below, not shown after a gap.
    h.fake.emit('message.upserted', { message: { ...incoming('c1', '999999', 'live', Date.now() + 1000), senderId: BOB_ID } });
    await h.client.idle();
    expect(texts(h)).not.toContain('live');
    expect(historyOf(h.client.store.getState(), ref).arrivedBelow).toEqual(['i:999999']);

    while (historyOf(h.client.store.getState(), ref).detached) await h.client.history.loadNewer(ref);
    expect(texts(h)).toHaveLength(WINDOW_MAX);
    expect(texts(h).slice(-2)).toEqual(['cached 1399', 'live']);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ detached: false, arrivedBelow: [], older: 'cache' });
  });

  it('opens at a message (search): the cached messages around it, focusMessage set, detached from the newest', async () => {
    const h = await withCache(1_000);
    await h.client.openConversation(ref, { focusKey: `i:${id(300)}` });
    const s = h.client.store.getState();
    expect(s.openConversationRef).toBe(ref);
    expect(s.focusMessage).toEqual({ ref, key: `i:${id(300)}` });
    expect(texts(h)[0]).toBe('cached 200');
    expect(texts(h).at(-1)).toBe('cached 400');
    expect(historyOf(s, ref)).toMatchObject({ detached: true, older: 'cache' });
    s.clearFocusMessage();
    await h.client.history.jumpToNewest(ref);
    expect(texts(h).at(-1)).toBe('cached 999');
    expect(historyOf(h.client.store.getState(), ref).detached).toBe(false);
    // A key the cache does not hold: the newest page, nothing to focus.
    await h.client.openConversation(ref, { focusKey: 'i:nope' });
    expect(h.client.store.getState().focusMessage).toBeNull();
    expect(texts(h).at(-1)).toBe('cached 999');
  });
});

describe('history: live messages at the bottom', () => {
  it('trimToNewest drops the oldest rows of an attached window grown past its bound; they stay in the cache', async () => {
    const h = await withCache(WINDOW_MAX);
    await h.client.openConversation(ref);
    while (historyOf(h.client.store.getState(), ref).older === 'cache') await h.client.history.loadOlder(ref);
    expect(texts(h)).toHaveLength(WINDOW_MAX);
    expect(historyOf(h.client.store.getState(), ref).detached).toBe(false);
    // Live messages grow the attached window past the bound.
    for (let i = 0; i < 3; i++) {
      h.fake.emit('message.upserted', { message: incoming('c1', String(900_000 + i), `live ${i}`, 10_000 + i) });
    }
    await h.client.idle();
    expect(texts(h).slice(-1)).toEqual(['live 2']);
    expect(texts(h)).toHaveLength(WINDOW_MAX + 3);
    await h.client.history.trimToNewest(ref);
    expect(texts(h)).toHaveLength(WINDOW_MAX);
    expect(texts(h).slice(0, 1)).toEqual(['cached 3']);
    expect(texts(h).slice(-1)).toEqual(['live 2']);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ older: 'cache', detached: false });
  });
});

describe('history: a burst read at the bottom', () => {
  it('drops the oldest rows in the step that adds live rows past the bound, once the list says it shows the bottom', async () => {
    const h = await withCache(WINDOW_MAX);
    await h.client.openConversation(ref);
    while (historyOf(h.client.store.getState(), ref).older === 'cache') await h.client.history.loadOlder(ref);
    // A fresh window is not taken to be read at its bottom until the list says so.
    expect(historyOf(h.client.store.getState(), ref).atBottom).toBe(false);
    h.client.history.setAtBottom(ref, true);
    expect(historyOf(h.client.store.getState(), ref).atBottom).toBe(true);
    h.client.history.setAtBottom(conversationRef(ALICE.id, 'not-open'), true); // no window: nothing to say
    expect(historyOf(h.client.store.getState(), conversationRef(ALICE.id, 'not-open')).atBottom).toBe(false);

    // Live messages, one event each: the window never holds more than WINDOW_MAX + LIVE_SLACK
    // rows, with no trim step of its own.
    let most = 0;
    const stop = h.client.store.subscribe((s) => (most = Math.max(most, s.threads[ref]?.keys.length ?? 0)));
    for (let i = 0; i < LIVE_SLACK + 10; i++) {
      h.fake.emit('message.upserted', { message: incoming('c1', String(900_000 + i), `live ${i}`, 10_000 + i) });
    }
    await h.client.idle();
    stop();
    expect(most).toBeLessThanOrEqual(WINDOW_MAX + LIVE_SLACK);
    expect(texts(h).length).toBeLessThanOrEqual(WINDOW_MAX + LIVE_SLACK);
    expect(texts(h).slice(-1)).toEqual([`live ${LIVE_SLACK + 9}`]);
    expect(historyOf(h.client.store.getState(), ref)).toMatchObject({ older: 'cache', detached: false, atBottom: true });
  });
});

describe('history: sending from a window in the past', () => {
  it('goes back to the newest, where the message just sent is', async () => {
    const h = await withCache(1_000);
    await h.client.openConversation(ref, { focusKey: `i:${id(100)}` });
    expect(historyOf(h.client.store.getState(), ref).detached).toBe(true);
    await h.client.send(ref, 'from the past');
    expect(historyOf(h.client.store.getState(), ref).detached).toBe(false);
    expect(texts(h).at(-1)).toBe('from the past');
  });
});

describe('history: only the open thread is held', () => {
  it('a thread left for another takes no live messages; they are cached and shown when it opens again', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10), conversation('c2', 20)] });
    const other = conversationRef(ALICE.id, 'c2');
    h.fake.handle('messages.list', () => ({ ok: true, value: { items: [] } }));
    await h.client.openConversation(ref);
    h.fake.emit('message.upserted', { message: incoming('c1', '700000', 'while open', 5_000) });
    await h.client.idle();
    expect(texts(h)).toEqual(['while open']);

    await h.client.openConversation(other);
    expect(Object.keys(h.client.store.getState().threads)).toEqual([other]);
    h.fake.emit('message.upserted', { message: incoming('c1', '700001', 'while closed', 5_001) });
    await h.client.idle();
    expect(h.client.store.getState().threads[ref]).toBeUndefined();
    expect(await h.db.threadMessages.where('[accountId+conversationId+id]').equals([ALICE.id, 'c1', '700001']).count()).toBe(1);

    await h.client.openConversation(ref);
    expect(texts(h)).toEqual(['while open', 'while closed']);
  });
});
