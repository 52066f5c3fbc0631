// When Parley notifies, and what the notification says. Pure: no clock, no I/O, no host; the
// notifier (notifier.ts) feeds it the facts and shows what it decides. Every rule here has
// its own test in test/notification-policy.test.ts.
//
// An incoming message notifies only when all of these hold:
// - the unread ledger counted it as a new unread message. That one fact rules out the
//   user's own messages (sent from another session), system lines, edits, deletions and
//   messages already read that come back with a resync or history: the ledger counts none
//   of them. The policy still checks the ones it can see on the message itself, so a
//   ledger bug does not turn into a wrong notification;
// - Do Not Disturb is off;
// - the conversation is not muted and is not a message request;
// - the user is not looking at it: the window is unfocused, or hidden, or shows another
//   conversation.
// A burst from one conversation is one notification: one tag per conversation, and each new
// message replaces it with a count ("3 new messages"). Reading or opening the conversation
// closes it and starts the count again.

import {
  conversationRef,
  type ConversationKind,
  type Id,
  type MessageKind,
  type NotificationRequest,
  type Settings,
} from '../../contract/domain';

/** What a window reported through `ui.report`. */
export interface WindowReport {
  focused: boolean;
  visible: boolean;
  openConversation: { accountId: string; conversationId: Id } | null;
}

/** No window reported yet, or the last one closed: nobody is looking. */
export const NOBODY_LOOKING: Readonly<WindowReport> = Object.freeze({ focused: false, visible: false, openConversation: null });

export interface ConversationFacts {
  kind: ConversationKind;
  /** The group's name; for a direct conversation, the other person's name. */
  title: string;
  muted: boolean;
  request: boolean;
}

export interface IncomingMessage {
  accountId: string;
  conversationId: Id;
  senderId: Id;
  /** Shown before the text in a group ("Bob: hi"); the sender's ID when unknown. */
  senderName?: string;
  kind: MessageKind;
  text: string;
  editedAt?: number;
  deleted?: boolean;
  attachmentCount?: number;
}

export interface IncomingFacts {
  message: IncomingMessage;
  /** The account's own user: a message from them came from another session of theirs. */
  myUserId: Id;
  conversation: ConversationFacts;
  /** The unread ledger counted this message as a new unread one. */
  countedAsNew: boolean;
}

export type SkipReason =
  | 'own-message'
  | 'system-line'
  | 'edit'
  | 'deletion'
  | 'not-new-unread'
  | 'do-not-disturb'
  | 'muted'
  | 'message-request'
  | 'user-is-looking';

export type Decision = { show: NotificationRequest } | { skip: SkipReason };

/** Longest text a notification carries; the OS cuts it shorter anyway. */
const MAX_BODY_TEXT = 240;

export function notificationTag(accountId: string, conversationId: Id): string {
  return `parley:${conversationRef(accountId, conversationId)}`;
}

export class NotificationPolicy {
  /**
   * The latest report wins: with several windows (Electron windows, browser tabs), whichever
   * reported last is the one the user touched last. A window that loses focus reports too,
   * so "focused" is never left standing by a window the user has left.
   */
  private window: WindowReport = NOBODY_LOOKING;
  /** Messages each notification that is up stands for, by tag. */
  private readonly shown = new Map<string, number>();

  /** A new `ui.report`. Returns the tags to close: the conversation the user now looks at. */
  reportWindow(report: WindowReport): string[] {
    this.window = {
      focused: report.focused,
      visible: report.visible,
      openConversation: report.openConversation ? { ...report.openConversation } : null,
    };
    const open = this.window.openConversation;
    if (!open || !this.isLooking(open.accountId, open.conversationId)) return [];
    const tag = this.reset(open.accountId, open.conversationId);
    return tag ? [tag] : [];
  }

  windowState(): WindowReport {
    return this.window;
  }

  /** Whether the user is looking at that conversation now (focused, visible window showing it). */
  isLooking(accountId: string, conversationId: Id): boolean {
    const { focused, visible, openConversation: open } = this.window;
    return focused && visible && open !== null && open.accountId === accountId && open.conversationId === conversationId;
  }

  incoming(facts: IncomingFacts, settings: Pick<Settings, 'doNotDisturb' | 'notificationPreviews'>): Decision {
    const { message, conversation } = facts;
    const skip = this.reasonToSkip(facts, settings);
    if (skip) return { skip };
    const tag = notificationTag(message.accountId, message.conversationId);
    const count = (this.shown.get(tag) ?? 0) + 1;
    this.shown.set(tag, count);
    return { show: { tag, accountId: message.accountId, conversationId: message.conversationId, count, ...compose(message, conversation, count, settings.notificationPreviews) } };
  }

  /**
   * The conversation was read (here or on another device), opened, muted or removed: its
   * notification closes and the next message starts a new count. The tag to close, when one is up.
   */
  reset(accountId: string, conversationId: Id): string | null {
    const tag = notificationTag(accountId, conversationId);
    return this.shown.delete(tag) ? tag : null;
  }

  /** Every notification up for an account (signed out): their tags, now closed. */
  resetAccount(accountId: string): string[] {
    const prefix = notificationTag(accountId, '');
    const tags = [...this.shown.keys()].filter((t) => t.startsWith(prefix) && !t.slice(prefix.length).includes('#'));
    for (const t of tags) this.shown.delete(t);
    return tags;
  }

  private reasonToSkip(facts: IncomingFacts, settings: Pick<Settings, 'doNotDisturb'>): SkipReason | null {
    const { message, conversation } = facts;
    if (message.senderId === facts.myUserId) return 'own-message';
    if (message.kind === 'system') return 'system-line';
    if (message.deleted) return 'deletion';
    if (message.editedAt !== undefined) return 'edit';
    if (!facts.countedAsNew) return 'not-new-unread';
    if (settings.doNotDisturb) return 'do-not-disturb';
    if (conversation.muted) return 'muted';
    if (conversation.request) return 'message-request';
    if (this.isLooking(message.accountId, message.conversationId)) return 'user-is-looking';
    return null;
  }
}

/**
 * Direct: the title is the sender (the conversation's title), the body the text. Group: the
 * title is the group, the body "Bob: text". Previews off: only who wrote, "New message".
 * A burst: "3 new messages", then the newest text when previews are on.
 */
export function compose(
  message: IncomingMessage,
  conversation: ConversationFacts,
  count: number,
  previews: boolean,
): { title: string; body: string } {
  const sender = message.senderName || message.senderId;
  const title = conversation.title || sender;
  const summary = count > 1 ? `${count} new messages` : 'New message';
  if (!previews) return { title, body: summary };
  const text = shorten(messageText(message));
  const line = conversation.kind === 'group' ? `${sender}: ${text}` : text;
  return { title, body: count > 1 ? `${summary}\n${line}` : line };
}

function messageText(m: IncomingMessage): string {
  const text = m.text.trim();
  if (text) return text;
  const n = m.attachmentCount ?? 0;
  return n > 1 ? `${n} attachments` : 'Attachment';
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_BODY_TEXT ? `${oneLine.slice(0, MAX_BODY_TEXT - 1)}…` : oneLine;
}
