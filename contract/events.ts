// Every event main sends to the renderer. Events carry normalised domain objects only;
// the renderer never sees a protocol's wire format.
//
// Main delivers events in batches (everything that happened in one turn of its event loop,
// in order), so that a burst of 2,000 messages costs the renderer one cache transaction and
// one store update, not 2,000. `ParleyApi.onBatch` hands a whole batch over; `on` one event.

import type {
  AccountStatus,
  Call,
  CallMediaSignal,
  ConnectionState,
  Conversation,
  ConversationChanges,
  Message,
  NotificationRequest,
  Presence,
  Receipt,
  Settings,
  TypingState,
} from './domain';

export interface ParleyEvents {
  /** An account's connection changed. `detail` says why, in words for the user, when useful. */
  'connection.changed': { accountId: string; state: ConnectionState; detail?: string };
  /**
   * An account's session ended without the user asking: it expired, or the account signed
   * in elsewhere. The other accounts are untouched. Cached data stays.
   */
  'session.ended': { accountId: string; reason: 'expired' | 'conflict'; message: string };
  /** The set of signed-in accounts changed (sign-in, sign-up, sign-out, an ended session). */
  'accounts.changed': { accounts: AccountStatus[] };
  /** A conversation appeared or changed as a whole (new group, a fresh server copy, ...). */
  'conversation.upserted': { conversation: Conversation };
  /** Some fields of a known conversation changed (rename, unread count, mute, ...). */
  'conversation.updated': { accountId: string; conversationId: string; changes: ConversationChanges };
  'conversation.removed': { accountId: string; conversationId: string };
  /** A message arrived, or one we know changed (our own message queued, sending, sent, failed; edited; ...). */
  'message.upserted': { message: Message };
  'message.removed': { accountId: string; conversationId: string; messageId: string };
  'receipt.changed': { receipt: Receipt };
  'typing.changed': { typing: TypingState };
  'presence.changed': { presence: Presence };
  /** Unread totals for the badge: per account and overall, muted conversations left out. */
  'unread.changed': { total: number; byAccount: Record<string, number> };
  /** The settings changed (in this window, another one, or from the tray's Do Not Disturb). */
  'settings.changed': { settings: Settings };
  /** Browser host only: show this notification (Electron shows it from main itself). */
  'notification.show': { notification: NotificationRequest };
  /** Browser host only: the notification with this tag is no longer wanted (its conversation was read). */
  'notification.close': { tag: string };
  /** Open this conversation: the user clicked its notification (or the tray asked for it). */
  'conversation.open': { accountId: string; conversationId: string };
  /** A file's upload moved on (bytes sent of total), for its queued message's progress bar. */
  'upload.progress': { accountId: string; conversationId: string; nonce: string; sent: number; total: number };
  /**
   * A call started, rang, was answered, changed (a participant joined, left, muted, turned
   * the camera on) or ended. Always the whole call. An ended call is sent once more as
   * `ended` and then forgotten by main (its line in the timeline stays).
   */
  'call.updated': { call: Call };
  /** Media negotiation for the window holding the call's media (the one that started or answered it). */
  'call.signal': { accountId: string; callId: string; fromUserId: string; signal: CallMediaSignal };
  /**
   * Electron: the user answered from the OS notification: the window should answer the call
   * itself (`calls.answer`), since the media runs in the window.
   */
  'call.answerRequested': { accountId: string; callId: string; media: 'audio' | 'video' };
  /** `files.save` moved on (Electron): bytes written of total; `done` once finished or failed. */
  'download.progress': { url: string; received: number; total: number; done?: 'saved' | 'failed' };
}

export type EventName = keyof ParleyEvents;
export type EventPayload<E extends EventName> = ParleyEvents[E];

/** One event with its name, as batches carry them. */
export type ParleyEvent = { [E in EventName]: { name: E; payload: ParleyEvents[E] } }[EventName];

export const EVENT_NAMES: readonly EventName[] = [
  'connection.changed',
  'session.ended',
  'accounts.changed',
  'conversation.upserted',
  'conversation.updated',
  'conversation.removed',
  'message.upserted',
  'message.removed',
  'receipt.changed',
  'typing.changed',
  'presence.changed',
  'unread.changed',
  'settings.changed',
  'notification.show',
  'notification.close',
  'conversation.open',
  'upload.progress',
  'download.progress',
  'call.updated',
  'call.signal',
  'call.answerRequested',
];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** Keeps the well-formed events of a batch from another process; drops anything else. */
export function validEvents(batch: unknown): ParleyEvent[] {
  if (!Array.isArray(batch)) return [];
  return batch.filter(
    (e): e is ParleyEvent => typeof e === 'object' && e !== null && isEventName((e as { name?: unknown }).name),
  );
}
