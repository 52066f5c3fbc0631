// "Also remove this account's messages from this device": every cached row of that account
// (conversations, messages, its sync position, its drafts) goes; other accounts' stay.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../contract';
import { freshDbName } from '../testing/harness';
import { ParleyDb, type StoredMessage } from './database';
import { forgetAccountData } from './forget-account';
import { lastSyncKey } from './meta';

const A = 'netalo|http://127.0.0.1:1|1';
const B = 'talker|http://127.0.0.1:2|1';

const message = (accountId: string, conversationId: string, n: number): StoredMessage => ({
  accountId,
  conversationId,
  id: String(n),
  key: `i:${n}`,
  senderId: 'bob',
  kind: 'text',
  text: `m${n}`,
  sentAt: n,
  status: 'sent',
  rev: 1,
});

const conversation = (accountId: string, id: string) => ({ accountId, id, kind: 'direct', title: id, lastActivityAt: 1 }) as unknown as Conversation;

/** A Storage over a Map, with the key(i)/length walk forgetAccountData uses. */
function memoryStorage(entries: Record<string, string>): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
  };
}

describe('forgetAccountData', () => {
  it('removes the account’s conversations, messages, sync position and drafts, and nothing of another account', async () => {
    const db = new ParleyDb(freshDbName());
    await db.conversations.bulkPut([conversation(A, 'c1'), conversation(A, 'c2'), conversation(B, 'c1')]);
    await db.threadMessages.bulkPut([message(A, 'c1', 1), message(A, 'c2', 2), message(B, 'c1', 3)]);
    await db.meta.bulkPut([
      { key: lastSyncKey(A), value: 1 },
      { key: lastSyncKey(B), value: 2 },
    ]);
    const storage = memoryStorage({ [`parley.draft.v1:${A}#c1`]: 'half-written', [`parley.draft.v1:${B}#c1`]: 'other', unrelated: 'x' });

    await forgetAccountData(db, A, storage);

    expect((await db.conversations.toArray()).map((c) => c.accountId)).toEqual([B]);
    expect((await db.threadMessages.toArray()).map((m) => m.accountId)).toEqual([B]);
    expect((await db.meta.toArray()).map((m) => m.key)).toEqual([lastSyncKey(B)]);
    expect(storage.getItem(`parley.draft.v1:${A}#c1`)).toBeNull();
    expect(storage.getItem(`parley.draft.v1:${B}#c1`)).toBe('other');
    expect(storage.getItem('unrelated')).toBe('x');
    db.close();
  });
});
