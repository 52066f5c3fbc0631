// How a newer copy of a message or conversation combines with the one already cached.
// Pure functions: the cache writer applies them inside its transaction, and tests call them
// directly.

import type { Conversation, ConversationChanges, Message, MessageStatus } from '../contract';
import type { StoredMessage } from './database';

const ACKED_RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, read: 3 };

export function isAcked(status: MessageStatus): boolean {
  return ACKED_RANK[status] !== undefined;
}

export function ackedRank(status: MessageStatus): number {
  return ACKED_RANK[status] ?? 0;
}

/** queued, sending, failed: states of a message main has not handed over yet (or could not). */
export function isLocalStatus(status: MessageStatus): boolean {
  return !isAcked(status);
}

/** The further of two statuses along sent → delivered → read. */
export function furtherStatus(a: MessageStatus, b: MessageStatus): MessageStatus {
  return ackedRank(a) >= ackedRank(b) ? a : b;
}

/**
 * How a copy of a message is written:
 * - `server`: an event or a page, in main's order. The server's copy wins on content; an
 *   acknowledged status only moves forward (a late 'sent' never undoes 'read'); main's
 *   outbox states (queued / sending / failed) follow main's order but never overwrite an
 *   acknowledged message.
 * - `queued`: the answer of `messages.send`, the message's first state. Main's events may
 *   have got here first and are newer: an existing row is left alone.
 * - `requeued`: the answer of `messages.retry`: moves a failed row back to queued, nothing else.
 * - `local-failure`: main could not be asked to queue it at all; shown failed, with Retry.
 */
export type WriteMode = 'server' | 'queued' | 'requeued' | 'local-failure';

/** The row after `incoming` was written over `existing`; null when nothing changes. */
export function mergeMessage(
  existing: StoredMessage | undefined,
  incoming: Message,
  key: string,
  mode: WriteMode = 'server',
): StoredMessage | null {
  if (!existing) return { ...incoming, key, rev: 1 };
  switch (mode) {
    case 'queued':
      return null;
    case 'requeued':
      return existing.status === 'failed' && !existing.id ? localState(existing, incoming.status, undefined) : null;
    case 'local-failure':
      return isAcked(existing.status) || existing.id ? null : localState(existing, 'failed', incoming.error);
    case 'server':
      break;
  }
  if (isLocalStatus(incoming.status)) {
    // Main's outbox reports a state of a message the server has already acknowledged
    // (its copy got here first): the acknowledgement stands.
    if (isAcked(existing.status) || existing.id) return null;
    const next: StoredMessage = { ...existing, ...incoming, key, rev: existing.rev + 1 };
    if (incoming.error === undefined) delete next.error;
    return next;
  }
  const merged: StoredMessage = {
    ...existing,
    ...incoming,
    id: incoming.id ?? existing.id,
    nonce: incoming.nonce ?? existing.nonce,
    status: isAcked(existing.status) ? furtherStatus(existing.status, incoming.status) : incoming.status,
    key,
    rev: existing.rev + 1,
  };
  if (!incoming.attachments && existing.attachments) merged.attachments = existing.attachments;
  // A page fetched before an edit or a deletion may be written after it: content only moves
  // forward (a deletion is final; a later edit beats an earlier copy).
  if (existing.deleted && !incoming.deleted) return null;
  if ((existing.editedAt ?? 0) > (incoming.editedAt ?? 0)) {
    merged.text = existing.text;
    merged.editedAt = existing.editedAt!;
  }
  delete merged.error;
  return merged;
}

function localState(row: StoredMessage, status: MessageStatus, error: string | undefined): StoredMessage {
  const next: StoredMessage = { ...row, status, rev: row.rev + 1 };
  delete next.error;
  return error === undefined ? next : { ...next, error };
}

/** A receipt's effect on one of our own messages: null when it is already that far (or not acknowledged). */
export function withReceipt(row: StoredMessage, kind: 'delivered' | 'read'): StoredMessage | null {
  if (!isAcked(row.status) || ackedRank(row.status) >= ackedRank(kind)) return null;
  return { ...row, status: kind, rev: row.rev + 1 };
}

/**
 * A server copy of a conversation over ours. Our last activity may be newer than the
 * server's snapshot (a message event raced the list page): keep the newer preview. The
 * unread count is main's, whichever copy carries it.
 */
export function mergeConversation(existing: Conversation | undefined, incoming: Conversation): Conversation {
  if (!existing) return incoming;
  if (existing.lastActivityAt > incoming.lastActivityAt) {
    return { ...incoming, lastActivityAt: existing.lastActivityAt, lastMessage: existing.lastMessage };
  }
  return { ...incoming, lastMessage: incoming.lastMessage ?? existing.lastMessage };
}

/** Only the fields that changed; the preview and its time never move back. */
export function withChanges(existing: Conversation, changes: ConversationChanges): Conversation {
  const next: Conversation = { ...existing, ...changes };
  if (changes.lastActivityAt !== undefined && changes.lastActivityAt < existing.lastActivityAt) {
    next.lastActivityAt = existing.lastActivityAt;
    next.lastMessage = existing.lastMessage;
  }
  if ('permissions' in changes && changes.permissions === undefined) delete next.permissions;
  return next;
}

/** The conversation after `message` arrived or was written; null when it changes nothing. */
export function withLatestMessage(conversation: Conversation, message: Message): Conversation | null {
  if (message.deleted) {
    // The preview was this message: it must not keep showing the deleted text.
    const last = conversation.lastMessage;
    if (!last || message.id === undefined || last.messageId !== message.id || last.text === '') return null;
    return { ...conversation, lastMessage: { ...last, text: '' } };
  }
  if (message.sentAt < conversation.lastActivityAt) return null;
  // An attachment-only message previews as its files' names (an empty preview reads as deleted).
  const text = message.text || (message.attachments ?? []).map((a) => a.name).join(', ');
  const preview = {
    messageId: message.id,
    senderId: message.senderId,
    text,
    sentAt: message.sentAt,
    ...(message.system ? { system: message.system } : {}),
    // A call line: the list words it from the user's side ("Missed call" / "No answer").
    ...(message.call ? { call: message.call } : {}),
    // A nudge: the list words it from the user's side ("Bob nudged you"), never "You: …".
    ...(message.kind === 'nudge' ? { kind: 'nudge' as const } : {}),
  };
  const last = conversation.lastMessage;
  if (
    conversation.lastActivityAt === message.sentAt &&
    last &&
    last.messageId === preview.messageId &&
    last.senderId === preview.senderId &&
    last.text === preview.text &&
    last.sentAt === preview.sentAt &&
    last.kind === preview.kind
  ) {
    return null;
  }
  return { ...conversation, lastActivityAt: message.sentAt, lastMessage: preview };
}
