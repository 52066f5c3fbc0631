// Adapter events → contract events: stamp the account on, rename to the contract's words.
// Pure, so the mapping is readable in one place. Events with side effects on the core
// (connection state, an ended or renewed session, messages that touch the outbox and the
// unread counts, attachments to store) are handled by the core itself before reaching here.

import type { Message } from '../../contract/domain';
import type { ParleyEvent } from '../../contract/events';
import type { AdapterEvent } from './adapter';

export const SESSION_ENDED_MESSAGES = {
  expired: 'Your session has expired. Please sign in again.',
  conflict: 'You signed in on another device or window with this session, so Parley signed you out here.',
} as const;

/** Data events: everything but the connection, the session, messages and calls (see core.ts). */
export type DataAdapterEvent = Exclude<
  AdapterEvent,
  { type: 'connection' } | { type: 'session-ended' } | { type: 'session-renewed' } | { type: 'message' } | { type: 'call-signal' }
>;

/** The contract event for a data event; null for one the contract has no event for (yet). */
export function toContractEvent(accountId: string, event: DataAdapterEvent): ParleyEvent | null {
  switch (event.type) {
    case 'conversation':
      return { name: 'conversation.upserted', payload: { conversation: { ...event.conversation, accountId } } };
    case 'conversation-changed':
      return {
        name: 'conversation.updated',
        payload: { accountId, conversationId: event.conversationId, changes: event.changes },
      };
    case 'conversation-removed':
      return { name: 'conversation.removed', payload: { accountId, conversationId: event.conversationId } };
    case 'message-removed':
      return {
        name: 'message.removed',
        payload: { accountId, conversationId: event.conversationId, messageId: event.messageId },
      };
    case 'receipt':
      return { name: 'receipt.changed', payload: { receipt: { ...event.receipt, accountId } } };
    case 'typing':
      return { name: 'typing.changed', payload: { typing: { ...event.typing, accountId } } };
    case 'presence':
      return { name: 'presence.changed', payload: { presence: { ...event.presence, accountId } } };
  }
}

export function messageEvent(message: Message): ParleyEvent {
  return { name: 'message.upserted', payload: { message } };
}
