// Adapter events → contract events: stamp the account on, rename to the contract's words.
// Pure, so the mapping is readable in one place. Events with side effects on the core
// (connection state, an ended session) are handled by the core itself, not here.

import type { AdapterEvent } from './adapter';
import type { ParleyEvent } from './event-hub';

export const SESSION_ENDED_MESSAGES = {
  expired: 'Your session has expired. Please sign in again.',
  conflict: 'You signed in on another device or window with this session, so Parley signed you out here.',
} as const;

/** The contract event for a data event; null for one the contract has no event for (yet). */
export function toContractEvent(
  accountId: string,
  event: Exclude<AdapterEvent, { type: 'connection' } | { type: 'session-ended' }>,
): ParleyEvent | null {
  switch (event.type) {
    case 'conversation':
      return { name: 'conversation.upserted', payload: { conversation: { ...event.conversation, accountId } } };
    case 'conversation-removed':
      return { name: 'conversation.removed', payload: { accountId, conversationId: event.conversationId } };
    case 'message':
      return { name: 'message.upserted', payload: { message: { ...event.message, accountId } } };
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
    case 'call-signal':
      // The contract has no call events yet (calls land with their own issue).
      return null;
  }
}
