// What the next start remembers to paint the list's rows before React: the accounts and the
// list's place, and nothing once signed out everywhere. Anything malformed is ignored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetList, lastList, rememberList } from './first-screen';
import { lastRows, ROWS_KEY, saveRows } from './sidebar/remembered-rows';

const store = new Map<string, string>();
const fakeStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => void store.set(key, value),
  removeItem: (key: string) => void store.delete(key),
};

describe('the remembered list', () => {
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = fakeStorage;
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('comes back as it was remembered, and is gone once forgotten', () => {
    const list = { accounts: [{ id: 'a1', userId: 'u1', label: 'alice · Netalo' }], top: 168 };
    expect(lastList()).toBeNull();
    rememberList(list);
    expect(lastList()).toEqual(list);
    forgetList();
    expect(lastList()).toBeNull();
  });

  it('takes the kept rows with it when forgotten (signed out everywhere)', () => {
    saveRows([{ accountId: 'a1', id: 'c1', kind: 'direct', title: 'Bob', memberIds: [], createdAt: 0, lastActivityAt: 1, unreadCount: 0, muted: false, pinned: false }], ['a1']);
    expect(lastRows(['a1'], 1)).toHaveLength(1);
    forgetList();
    expect(lastRows(['a1'], 1)).toBeNull();
    expect(store.has(ROWS_KEY)).toBe(false);
  });

  it('ignores what it did not write', () => {
    for (const value of ['nonsense', '{"accounts":"a1","top":1}', '{"accounts":[{"id":1}],"top":1}', '{"accounts":[],"top":"x"}']) {
      store.set('parley.firstScreen.list', value);
      expect(lastList()).toBeNull();
    }
  });

  it('is nothing when storage is off', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    rememberList({ accounts: [], top: 0 });
    expect(lastList()).toBeNull();
  });
});
