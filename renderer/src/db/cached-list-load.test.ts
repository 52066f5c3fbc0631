// A start shows each signed-in account's cached conversations, newest first, at most
// CACHED_CONVERSATIONS_LIMIT of them, read in one go (bench B1: the row-by-row cursor it
// replaced took 35-60 ms of every cached start).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ALICE, ALICE_TALKER, conversation, freshDbName } from '../testing/harness';
import { ParleyDb } from './database';
import { lastSyncKey } from './meta';
import { CACHED_CONVERSATIONS_LIMIT, writeChanges } from './writer';

describe('loading the cached list at start', () => {
  it('gives the wanted accounts’ conversations, newest first, ties in the index’s reverse order, with their sync time', async () => {
    const db = new ParleyDb(freshDbName());
    await db.conversations.bulkPut([
      conversation('a', 10),
      conversation('b', 30),
      conversation('c', 30),
      conversation('d', 20),
      conversation('t', 40, { accountId: ALICE_TALKER.id }),
    ]);
    await db.meta.put({ key: lastSyncKey(ALICE.id), value: 1234 });
    const written = await writeChanges(db, [], { load: [ALICE.id] });
    expect(written.loadedConversations.map((c) => c.id)).toEqual(['c', 'b', 'd', 'a']);
    expect(written.lastSyncedAt[ALICE.id]).toBe(1234);
    db.close();
  });

  it('keeps only the newest CACHED_CONVERSATIONS_LIMIT', async () => {
    const db = new ParleyDb(freshDbName());
    const many = Array.from({ length: CACHED_CONVERSATIONS_LIMIT + 3 }, (_, i) => conversation(`c${i}`, 1_000 + i));
    await db.conversations.bulkPut(many);
    const written = await writeChanges(db, [], { load: [ALICE.id] });
    expect(written.loadedConversations).toHaveLength(CACHED_CONVERSATIONS_LIMIT);
    expect(written.loadedConversations[0]!.id).toBe(`c${CACHED_CONVERSATIONS_LIMIT + 2}`);
    expect(written.loadedConversations.some((c) => c.id === 'c0' || c.id === 'c2')).toBe(false);
    db.close();
  });
});
