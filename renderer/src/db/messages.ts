// Message rows in Dexie: reading a thread's newest page and merging server copies.

import Dexie from 'dexie';
import { messageKey, type Message } from '../contract';
import type { ParleyDb, StoredMessage } from './database';
import { mergeServerMessage } from './merge';

export const PAGE_SIZE = 50;

/** The newest `limit` cached messages of a conversation, oldest first. */
export async function loadNewestMessages(
  db: ParleyDb,
  accountId: string,
  conversationId: string,
  limit = PAGE_SIZE,
): Promise<StoredMessage[]> {
  const newestFirst = await db.messages
    .where('[accountId+conversationId+sentAt]')
    .between([accountId, conversationId, Dexie.minKey], [accountId, conversationId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
  return newestFirst.reverse();
}

/** The cached row for a server copy: by key, else by server ID (a copy that lost our nonce). */
async function findExisting(db: ParleyDb, message: Message, key: string): Promise<StoredMessage | undefined> {
  const byKey = await db.messages.get([message.accountId, key]);
  if (byKey || !message.id) return byKey;
  return db.messages.where('[accountId+id]').equals([message.accountId, message.id]).first();
}

/**
 * Merges server copies into the cache. Call inside a transaction that covers `messages`
 * when it must be atomic with other writes; returns the rows as now stored.
 */
export async function putServerMessages(db: ParleyDb, messages: readonly Message[]): Promise<StoredMessage[]> {
  const saved: StoredMessage[] = [];
  for (const message of messages) {
    let key: string;
    try {
      key = messageKey(message);
    } catch {
      continue; // neither nonce nor id: nothing could ever match it again; main should not send these
    }
    const existing = await findExisting(db, message, key);
    const merged = mergeServerMessage(existing, message, existing?.key ?? key);
    await db.messages.put(merged);
    saved.push(merged);
  }
  return saved;
}

export function saveServerMessages(db: ParleyDb, messages: readonly Message[]): Promise<StoredMessage[]> {
  return db.transaction('rw', db.messages, () => putServerMessages(db, messages));
}

/** Marks a server message deleted (kept as a tombstone so a stale page cannot revive it). */
export function markMessageDeleted(db: ParleyDb, accountId: string, messageId: string): Promise<StoredMessage | null> {
  return db.transaction('rw', db.messages, async () => {
    const row = await db.messages.where('[accountId+id]').equals([accountId, messageId]).first();
    if (!row) return null;
    const next: StoredMessage = { ...row, deleted: true, text: '', rev: row.rev + 1 };
    await db.messages.put(next);
    return next;
  });
}
