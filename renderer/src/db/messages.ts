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
