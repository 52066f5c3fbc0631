// Every event main sends to the renderer. Events carry normalised domain objects only;
// the renderer never sees a protocol's wire format.

import type { Capabilities, ConnectionState, Conversation, Message, Presence, Receipt, TypingState } from './domain';

export interface ParleyEvents {
  /** The account's connection changed. `detail` says why, in words for the user, when useful. */
  'connection.changed': { accountId: string; state: ConnectionState; detail?: string };
  /**
   * The session ended without the user asking: it expired, or the account signed in
   * elsewhere. The renderer returns to sign-in and shows `message`. Cached data stays.
   */
  'session.ended': { accountId: string; reason: 'expired' | 'conflict'; message: string };
  /** The signed-in account changed (sign-in, sign-up, sign-out). */
  'session.changed': { accountId: string | null; capabilities: Capabilities | null };
  /** A conversation appeared or changed (new group, rename, new last message, ...). */
  'conversation.upserted': { conversation: Conversation };
  'conversation.removed': { accountId: string; conversationId: string };
  /** A message arrived, or one we know changed (our own message acknowledged, edited, ...). */
  'message.upserted': { message: Message };
  'message.removed': { accountId: string; conversationId: string; messageId: string };
  'receipt.changed': { receipt: Receipt };
  'typing.changed': { typing: TypingState };
  'presence.changed': { presence: Presence };
}

export type EventName = keyof ParleyEvents;
export type EventPayload<E extends EventName> = ParleyEvents[E];

export const EVENT_NAMES: readonly EventName[] = [
  'connection.changed',
  'session.ended',
  'session.changed',
  'conversation.upserted',
  'conversation.removed',
  'message.upserted',
  'message.removed',
  'receipt.changed',
  'typing.changed',
  'presence.changed',
];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
