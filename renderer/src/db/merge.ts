// How a newer copy of a message or conversation combines with the one already cached.
// Pure functions: Dexie applies them inside its transactions, and tests call them directly.

import type { Conversation, Message, MessageStatus } from '../contract';
import type { StoredMessage } from './database';

const ACKED_RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, read: 3 };

export function isAcked(status: MessageStatus): boolean {
  return ACKED_RANK[status] !== undefined;
}

/**
 * A server copy (event, page, or send result) over what we cached. The server wins on
 * content; status only moves forward (a late 'sent' echo never undoes 'read'); an ack
 * clears any local error.
 */
export function mergeServerMessage(existing: StoredMessage | undefined, incoming: Message, key: string): StoredMessage {
  if (!existing) return { ...incoming, key, rev: 1 };
  const status =
    isAcked(existing.status) && (ACKED_RANK[existing.status] ?? 0) > (ACKED_RANK[incoming.status] ?? 0)
      ? existing.status
      : incoming.status;
  const merged: StoredMessage = {
    ...existing,
    ...incoming,
    id: incoming.id ?? existing.id,
    nonce: incoming.nonce ?? existing.nonce,
    status,
    key,
    rev: existing.rev + 1,
  };
  if (isAcked(status)) delete merged.error;
  return merged;
}

/**
 * A local status change (queued, sending, failed). Returns null when the server has
 * acknowledged the message meanwhile: a local state must never overwrite an ack.
 */
export function withLocalStatus(
  existing: StoredMessage,
  status: 'queued' | 'sending' | 'failed',
  error?: string,
): StoredMessage | null {
  if (isAcked(existing.status) || existing.id) return null;
  const next: StoredMessage = { ...existing, status, rev: existing.rev + 1 };
  if (error === undefined) delete next.error;
  else next.error = error;
  return next;
}

/**
 * A server copy of a conversation over ours. Our last activity may be newer than the
 * server's snapshot (a message event raced the list page): keep the newer preview.
 */
export function mergeConversation(existing: Conversation | undefined, incoming: Conversation): Conversation {
  if (!existing) return incoming;
  if (existing.lastActivityAt > incoming.lastActivityAt) {
    return { ...incoming, lastActivityAt: existing.lastActivityAt, lastMessage: existing.lastMessage };
  }
  return { ...incoming, lastMessage: incoming.lastMessage ?? existing.lastMessage };
}

/** The conversation after `message` arrived or was written; null when it changes nothing. */
export function withLatestMessage(conversation: Conversation, message: Message): Conversation | null {
  if (message.deleted) return null;
  if (message.sentAt < conversation.lastActivityAt) return null;
  return {
    ...conversation,
    lastActivityAt: message.sentAt,
    lastMessage: { messageId: message.id, senderId: message.senderId, text: message.text, sentAt: message.sentAt },
  };
}
