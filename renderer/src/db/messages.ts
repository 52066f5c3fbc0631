// Reading a thread from the cache. Writes go through writer.ts.

import Dexie, { type Collection } from 'dexie';
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
export function loadOlderMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  from: ThreadPosition,
  limit = HISTORY_PAGE_SIZE,
): Promise<StoredMessage[]> {
  const range = db.threadMessages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, from.sentAt], true, true)
    .reverse();
  return readPast(range, (row) => row.sentAt < from.sentAt || row.key < from.key, limit).then((newestFirst) => newestFirst.reverse());
}

/** Up to `limit` cached messages just newer than `from` (exclusive), oldest first. */
export function loadNewerMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  from: ThreadPosition,
  limit = HISTORY_PAGE_SIZE,
): Promise<StoredMessage[]> {
  const range = db.threadMessages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, from.sentAt], [accountId, conversationId, Dexie.maxKey], true, true);
  return readPast(range, (row) => row.sentAt > from.sentAt || row.key > from.key, limit);
}

/**
 * Rows sent at the same ms as a page's starting row that a read may have to step over: it
 * reads this many more than the page, in one request.
 */
export const TIE_SLACK = 8;

/**
 * The first `limit` rows of `range` (in its direction) that are `past` the starting row. The
 * rows to step over (the start and rows of its ms on its side of it: the index orders equal
 * times by key) all come first in the range. So one plain read of `limit + TIE_SLACK` rows,
 * then the filter, gives the page: a single `getAll` (IndexedDB 3's, in either direction), where
 * Dexie runs a filtered read as a cursor, one step per row. Only when more than TIE_SLACK rows
 * share the start's ms does the filtered cursor read the page.
 */
async function readPast(
  range: Collection<StoredMessage, unknown>,
  past: (row: StoredMessage) => boolean,
  limit: number,
): Promise<StoredMessage[]> {
  const ask = limit + TIE_SLACK;
  const read = await range.clone().limit(ask).toArray();
  const kept = read.filter(past);
  if (kept.length >= limit || read.length < ask) return kept.slice(0, limit);
  return range.clone().filter(past).limit(limit).toArray();
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
