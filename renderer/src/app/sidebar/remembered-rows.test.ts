// The first screen's rows kept for the next start: only the rows and fields an early row
// shows, bounded, for exactly the remembered accounts; anything else is ignored, never thrown.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../contract';
import { forgetRows, lastRows, MAX_ROWS, MAX_STORED_CHARS, ROWS_KEY, saveRows } from './remembered-rows';

function memory() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

function conversation(n: number, extra: Partial<Conversation> = {}): Conversation {
  return {
    accountId: 'acc-a',
    id: `c${n}`,
    kind: 'direct',
    title: `Peer ${n}`,
    peerId: `p${n}`,
    memberIds: ['me', `p${n}`],
    createdAt: 1,
    lastActivityAt: 1_000_000 - n,
    lastMessage: { senderId: `p${n}`, text: `hello ${n}`, sentAt: 1_000_000 - n, messageId: `m${n}` },
    unreadCount: n % 3,
    muted: false,
    pinned: false,
    ownerId: 'x',
    blockedUserIds: ['spam'],
    ...extra,
  };
}

describe('the kept rows', () => {
  it('come back for the same accounts, with what a row shows and nothing else', () => {
    const storage = memory();
    const rows = [conversation(1, { pinned: true, unreadCount: 4 }), conversation(2, { lastMessage: { senderId: 'me', text: 'x'.repeat(5_000), sentAt: 5 } })];
    saveRows(rows, ['acc-a'], storage);
    const back = lastRows(['acc-a'], 10, storage)!;
    expect(back.map((c) => [c.id, c.title, c.unreadCount, c.pinned, c.peerId])).toEqual([
      ['c1', 'Peer 1', 4, true, 'p1'],
      ['c2', 'Peer 2', 2, false, 'p2'],
    ]);
    expect(back[0]).not.toHaveProperty('ownerId');
    expect(back[0]).not.toHaveProperty('blockedUserIds');
    expect(back[1]!.lastMessage!.text.length).toBeLessThanOrEqual(160);
  });

  it('are bounded: the first screen only, and never past the size bound', () => {
    const storage = memory();
    const many = Array.from({ length: 500 }, (_, i) => conversation(i));
    saveRows(many, ['acc-a'], storage);
    expect(lastRows(['acc-a'], 20, storage)).toHaveLength(MAX_ROWS);
    // A tall window wanting more rows than were kept reads the cache instead.
    expect(lastRows(['acc-a'], MAX_ROWS + 1, storage)).toBeNull();
    expect(storage.map.get(ROWS_KEY)!.length).toBeLessThanOrEqual(MAX_STORED_CHARS);
    const huge = Array.from({ length: 40 }, (_, i) => conversation(i, { title: 't'.repeat(5_000) }));
    saveRows(huge, ['acc-a'], storage);
    expect(storage.map.has(ROWS_KEY)).toBe(false);
  });

  it('are stale for other accounts, and gone once forgotten or emptied', () => {
    const storage = memory();
    saveRows([conversation(1)], ['acc-a', 'acc-b'], storage);
    expect(lastRows(['acc-b', 'acc-a'], 10, storage)).toHaveLength(1);
    expect(lastRows(['acc-a'], 10, storage)).toBeNull();
    expect(lastRows(['acc-a', 'acc-b', 'acc-c'], 10, storage)).toBeNull();
    forgetRows(storage);
    expect(lastRows(['acc-a', 'acc-b'], 10, storage)).toBeNull();
    saveRows([conversation(1)], ['acc-a'], storage);
    saveRows([], ['acc-a'], storage);
    expect(storage.map.has(ROWS_KEY)).toBe(false);
  });

  it('are ignored, never thrown, when malformed or storage is off', () => {
    const storage = memory();
    for (const bad of ['{', 'null', '42', '[]', '{"v":2,"accounts":["acc-a"],"complete":true,"rows":[]}', JSON.stringify({ v: 1, accounts: ['acc-a'], complete: true, rows: [{ id: 'c1' }] }), JSON.stringify({ v: 1, accounts: ['acc-a'], complete: true, rows: [{ ...conversation(1), lastMessage: { text: 5 } }] })]) {
      storage.map.set(ROWS_KEY, bad);
      expect(lastRows(['acc-a'], 10, storage)).toBeNull();
    }
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(lastRows(['acc-a'], 10, broken)).toBeNull();
    expect(() => saveRows([conversation(1)], ['acc-a'], broken)).not.toThrow();
    expect(() => forgetRows(broken)).not.toThrow();
  });
});
