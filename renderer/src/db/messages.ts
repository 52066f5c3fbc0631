// Reading a thread from the cache. Writes go through writer.ts.

import Dexie from 'dexie';
import type { ParleyDb, StoredMessage } from './database';

export const PAGE_SIZE = 50;

/** The newest `limit` cached messages of a conversation, oldest first. */
export async function loadNewestMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  limit = PAGE_SIZE,
): Promise<StoredMessage[]> {
  const newestFirst = await db.threadMessages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
  return newestFirst.reverse();
}

/** Where a page starts: a row's place in the thread's order (sentAt, then key, as the store sorts). */
export interface ThreadPosition {
  sentAt: number;
  key: string;
}

/** Older history pages from the cache: bigger than the first page, fewer trips while scrolling up. */
export const HISTORY_PAGE_SIZE = 200;

/**
 * Up to `limit` cached messages just older than `from` (exclusive), oldest first. Read on
 * the [accountId+conversationId+sentAt] index, backwards from `from`; rows with the same
 * sentAt are ordered by key, as in the store (mergeRows), so no row is skipped or repeated.
 */
export async function loadOlderMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  from: ThreadPosition,
  limit = HISTORY_PAGE_SIZE,
): Promise<StoredMessage[]> {
  const newestFirst = await db.threadMessages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, from.sentAt], true, true)
    .reverse()
    .filter((row) => row.sentAt < from.sentAt || row.key < from.key)
    .limit(limit)
    .toArray();
  return newestFirst.reverse();
}

/** Up to `limit` cached messages just newer than `from` (exclusive), oldest first. */
export async function loadNewerMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  from: ThreadPosition,
  limit = HISTORY_PAGE_SIZE,
): Promise<StoredMessage[]> {
  return db.threadMessages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, from.sentAt], [accountId, conversationId, Dexie.maxKey], true, true)
    .filter((row) => row.sentAt > from.sentAt || row.key > from.key)
    .limit(limit)
    .toArray();
}

/**
 * The cached messages around one message (search opens a conversation there): `half` older,
 * the message, `half` newer, oldest first. Null when the cache does not hold that message.
 */
export async function loadAroundMessage(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  key: string,
  half = HISTORY_PAGE_SIZE / 2,
): Promise<{ rows: StoredMessage[]; olderFull: boolean; newerFull: boolean } | null> {
  const target = await db.threadMessages.get([accountId, conversationId, key]);
  if (!target) return null;
  const at = { sentAt: target.sentAt, key: target.key };
  const [older, newer] = await Promise.all([
    loadOlderMessages(db, accountId, conversationId, at, half),
    loadNewerMessages(db, accountId, conversationId, at, half),
  ]);
  return { rows: [...older, target, ...newer], olderFull: older.length === half, newerFull: newer.length === half };
}
