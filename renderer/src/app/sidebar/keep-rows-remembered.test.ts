// The list's first screen follows the store into localStorage: throttled during a burst,
// flushed when the page goes away, and rewritten at once when an account or a kept row goes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { conversationRef, type Conversation } from '../../contract';
import type { ParleyState } from '../../store';
import { keepRowsRemembered, WRITE_EVERY_MS } from './keep-rows-remembered';
import { lastRows, ROWS_KEY } from './remembered-rows';

function conversation(accountId: string, n: number, extra: Partial<Conversation> = {}): Conversation {
  return { accountId, id: `c${n}`, kind: 'direct', title: `Peer ${n}`, memberIds: [], createdAt: 0, lastActivityAt: n, unreadCount: 0, muted: false, pinned: false, ...extra };
}

function byRef(list: Conversation[]): Record<string, Conversation> {
  return Object.fromEntries(list.map((c) => [conversationRef(c.accountId, c.id), c]));
}

function setup(initial: Conversation[], accounts = ['a']) {
  const writes: string[] = [];
  const map = new Map<string, string>();
  const storage = {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      writes.push(value);
      map.set(key, value);
    },
    removeItem: (key: string) => void map.delete(key),
  };
  const listeners = new Map<string, () => void>();
  const win = {
    addEventListener: (type: string, fn: () => void) => void listeners.set(type, fn),
    removeEventListener: (type: string) => void listeners.delete(type),
  };
  const store = createStore<ParleyState>()(
    () =>
      ({
        dataState: 'cached',
        accountOrder: accounts,
        accounts: Object.fromEntries(accounts.map((id) => [id, { account: { id } }])),
        conversationsByRef: byRef(initial),
      }) as unknown as ParleyState,
  );
  const stop = keepRowsRemembered(store, { storage, win: win as never });
  const rows = (ids = accounts) => lastRows(ids, 1, storage)?.map((c) => `${c.id}:${c.unreadCount}`) ?? null;
  return { store, storage, map, writes, listeners, stop, rows };
}

describe('keeping the first screen remembered', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a burst of changes once, a few seconds apart, not per message', () => {
    const { store, writes, rows } = setup([conversation('a', 1), conversation('a', 2)]);
    vi.advanceTimersByTime(0);
    expect(rows()).toEqual(['c2:0', 'c1:0']);
    const before = writes.length;
    for (let i = 1; i <= 50; i++) {
      const c = store.getState().conversationsByRef;
      store.setState({ conversationsByRef: { ...c, [conversationRef('a', 'c1')]: conversation('a', 1, { lastActivityAt: 100 + i, unreadCount: i }) } });
      vi.advanceTimersByTime(20);
    }
    expect(writes.length - before).toBeLessThanOrEqual(1);
    vi.advanceTimersByTime(WRITE_EVERY_MS);
    expect(rows()).toEqual(['c1:50', 'c2:0']);
    expect(writes.length - before).toBeLessThanOrEqual(2);
  });

  it('writes what changed when the page goes away', () => {
    const { store, listeners, rows } = setup([conversation('a', 1)]);
    vi.advanceTimersByTime(0);
    store.setState({ conversationsByRef: byRef([conversation('a', 1, { unreadCount: 7 })]) });
    expect(rows()).toEqual(['c1:0']);
    listeners.get('pagehide')!();
    expect(rows()).toEqual(['c1:7']);
  });

  it('rewrites at once when an account goes or a kept conversation is forgotten', () => {
    const { store, map, rows } = setup([conversation('a', 1), conversation('b', 2)], ['a', 'b']);
    vi.advanceTimersByTime(0);
    expect(rows()).toEqual(['c2:0', 'c1:0']);
    // A conversation forgotten: its row (and preview) is gone now, not in a few seconds.
    store.setState({ conversationsByRef: byRef([conversation('b', 2)]) });
    expect(rows()).toEqual(['c2:0']);
    // Account b signed out: its rows go at once, and the kept rows are for a alone.
    store.setState({ accountOrder: ['a'], accounts: { a: { account: { id: 'a' } } } as never });
    expect(rows(['a', 'b'])).toBeNull();
    expect(rows(['a'])).toBeNull(); // a has no conversation left to show
    expect(map.has(ROWS_KEY)).toBe(false);
    // Signed out everywhere: nothing kept.
    store.setState({ conversationsByRef: byRef([conversation('a', 3)]) });
    store.setState({ accountOrder: [], accounts: {}, dataState: 'none', conversationsByRef: {} } as never);
    expect(map.has(ROWS_KEY)).toBe(false);
  });

  it('stops following the store once stopped', () => {
    const { store, stop, writes } = setup([conversation('a', 1)]);
    vi.advanceTimersByTime(0);
    const before = writes.length;
    stop();
    store.setState({ conversationsByRef: {} });
    vi.advanceTimersByTime(WRITE_EVERY_MS * 2);
    expect(writes.length).toBe(before);
  });
});
