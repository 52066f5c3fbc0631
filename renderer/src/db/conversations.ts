// Conversation rows in Dexie: the sidebar's cache.

import Dexie from 'dexie';
import type { Conversation, Message } from '../contract';
import type { ParleyDb } from './database';
import { mergeConversation, withLatestMessage } from './merge';

/** Enough for an instant sidebar; older conversations come back through the server's pages. */
export const CACHED_CONVERSATIONS_LIMIT = 500;

export async function loadConversations(db: ParleyDb, accountId: string): Promise<Conversation[]> {
  return db.conversations
    .where('[accountId+lastActivityAt]')
    .between([accountId, Dexie.minKey], [accountId, Dexie.maxKey])
    .reverse()
    .limit(CACHED_CONVERSATIONS_LIMIT)
    .toArray();
}

export function saveConversations(db: ParleyDb, incoming: readonly Conversation[]): Promise<Conversation[]> {
  return db.transaction('rw', db.conversations, async () => {
    const saved: Conversation[] = [];
    for (const conversation of incoming) {
      const existing = await db.conversations.get([conversation.accountId, conversation.id]);
      const merged = mergeConversation(existing, conversation);
      await db.conversations.put(merged);
      saved.push(merged);
    }
    return saved;
  });
}

/**
 * Moves the message's conversation to the top with its preview. Says whether the
 * conversation is known at all, so the caller need not read it again to find out.
 */
export async function putLatestMessage(
  db: ParleyDb,
  message: Message,
): Promise<{ known: false } | { known: true; bumped: Conversation | null }> {
  const existing = await db.conversations.get([message.accountId, message.conversationId]);
  if (!existing) return { known: false };
  const next = withLatestMessage(existing, message);
  if (next) await db.conversations.put(next);
  return { known: true, bumped: next };
}

export async function deleteConversation(db: ParleyDb, accountId: string, conversationId: string): Promise<void> {
  await db.conversations.delete([accountId, conversationId]);
}
