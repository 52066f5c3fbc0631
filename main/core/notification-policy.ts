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
//
// A nudge from someone else (kind 'nudge', Mingdao's shake) notifies like a message, by the
// same rules, saying "Bob nudged you" (previews on or off: it carries no text).
//
// Calls:
// - a missed call is a message (kind 'call', outcome missed or busy, from the caller) and
//   notifies like one ("Missed video call"), by the same rules (muted, Do Not Disturb,
//   looking). An answered or declined call's line never notifies.
// - an incoming call notifies while it rings ("Alice is calling"), one notification per call,
//   unless Do Not Disturb is on or a window is focused and visible (the in-app overlay is
//   enough then; it shows during Do Not Disturb too). It carries the call so Electron can
//   offer Accept / Decline, and is closed as soon as the call stops ringing.

import {
  conversationRef,
  type CallMedia,
  type CallRecord,
  type ConversationKind,
  type Id,
  type MessageKind,
  type NotificationRequest,
  type Settings,
} from '../../contract/domain';
import { t } from './i18n';

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
  /** For `kind: 'call'`: the call the line stands for. */
  call?: CallRecord;
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
  | 'call-not-missed'
  | 'edit'
  | 'deletion'
  | 'not-new-unread'
  | 'do-not-disturb'
  | 'muted'
  | 'message-request'
  | 'user-is-looking';

export type Decision = { show: NotificationRequest } | { skip: SkipReason };

/**
 * An incoming call's notification: a NotificationRequest (so every host shows it by the same
 * path) that also names the call, for Electron's Accept / Decline and the page's click.
 */
export type CallNotificationRequest = NotificationRequest & { call: NonNullable<NotificationRequest['call']> };

export function isCallNotification(request: NotificationRequest): request is CallNotificationRequest {
  return typeof request.call === 'object' && request.call !== null && typeof request.call.callId === 'string';
}

/** What the policy needs of a ringing call (a `call.updated` with phase 'incoming'). */
export interface RingingCallFacts {
  accountId: string;
  callId: Id;
  conversationId: Id;
  media: CallMedia;
  group: boolean;
  /** The caller's display name (their ID when unknown). */
  callerName: string;
  /** The group's name, for "Alice is calling Climbing club"; empty when unknown. */
  groupTitle: string;
}

export type CallDecision = { show: CallNotificationRequest } | { skip: 'do-not-disturb' | 'user-is-looking' | 'already-shown' };

/** Longest text a notification carries; the OS cuts it shorter anyway. */
const MAX_BODY_TEXT = 240;

export function notificationTag(accountId: string, conversationId: Id): string {
  return `parley:${conversationRef(accountId, conversationId)}`;
}

/** One per call, apart from its conversation's message notification (each closes on its own terms). */
export function callNotificationTag(accountId: string, callId: Id): string {
  return `parley-call:${conversationRef(accountId, callId)}`;
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
  /** Incoming calls whose notification is up: tag → account. */
  private readonly ringing = new Map<string, string>();

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
    // Title and body are composed when first read: in a flood most updates are replaced
    // unread (notification-pacer.ts), and composing each (an ICU plural, per message) was
    // the browser host's largest cost in bench B4.
    const show = { tag, accountId: message.accountId, conversationId: message.conversationId, count } as NotificationRequest;
    let text: { title: string; body: string } | undefined;
    const composed = () => (text ??= compose(message, conversation, count, settings.notificationPreviews));
    Object.defineProperties(show, {
      title: { enumerable: true, get: () => composed().title },
      body: { enumerable: true, get: () => composed().body },
    });
    return { show };
  }

  /**
   * The conversation was read (here or on another device), opened, muted or removed: its
   * notification closes and the next message starts a new count. The tag to close, when one is up.
   */
  reset(accountId: string, conversationId: Id): string | null {
    const tag = notificationTag(accountId, conversationId);
    return this.shown.delete(tag) ? tag : null;
  }

  /**
   * An incoming call rings: one notification per call, while a focused, visible window does
   * not already show its overlay and Do Not Disturb is off. Asked again when the window
   * changes (the user left it while the call still rings): 'already-shown' then.
   */
  incomingCall(facts: RingingCallFacts, settings: Pick<Settings, 'doNotDisturb'>): CallDecision {
    const tag = callNotificationTag(facts.accountId, facts.callId);
    if (this.ringing.has(tag)) return { skip: 'already-shown' };
    if (settings.doNotDisturb) return { skip: 'do-not-disturb' };
    if (this.window.focused && this.window.visible) return { skip: 'user-is-looking' };
    this.ringing.set(tag, facts.accountId);
    return {
      show: {
        tag,
        accountId: facts.accountId,
        conversationId: facts.conversationId,
        count: 1,
        ...composeCall(facts),
        call: { callId: facts.callId, media: facts.media },
      },
    };
  }

  /** The call stopped ringing (answered here or elsewhere, declined, cancelled, rang out): the tag to close, when one is up. */
  callStopped(accountId: string, callId: Id): string | null {
    const tag = callNotificationTag(accountId, callId);
    return this.ringing.delete(tag) ? tag : null;
  }

  /** Every notification up for an account (signed out): their tags, now closed. */
  resetAccount(accountId: string): string[] {
    const prefix = notificationTag(accountId, '');
    const tags = [...this.shown.keys()].filter((t) => t.startsWith(prefix) && !t.slice(prefix.length).includes('#'));
    for (const t of tags) this.shown.delete(t);
    const calls = [...this.ringing].filter(([, account]) => account === accountId).map(([tag]) => tag);
    for (const t of calls) this.ringing.delete(t);
    return [...tags, ...calls];
  }

  private reasonToSkip(facts: IncomingFacts, settings: Pick<Settings, 'doNotDisturb'>): SkipReason | null {
    const { message, conversation } = facts;
    if (message.senderId === facts.myUserId) return 'own-message';
    if (message.kind === 'system') return 'system-line';
    // The ledger counts only missed and busy calls; an answered or declined one is no news.
    if (message.kind === 'call' && message.call && message.call.outcome !== 'missed' && message.call.outcome !== 'busy') return 'call-not-missed';
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
 * A burst: "3 new messages", then the newest text when previews are on. A missed call says
 * so even with previews off: it carries nothing anyone wrote, and who called is in the title.
 */
export function compose(
  message: IncomingMessage,
  conversation: ConversationFacts,
  count: number,
  previews: boolean,
): { title: string; body: string } {
  const sender = message.senderName || message.senderId;
  const title = conversation.title || sender;
  const summary = count > 1 ? t('notification.newMessages', { count }) : t('notification.newMessage');
  if (!previews && message.kind !== 'call' && message.kind !== 'nudge') return { title, body: summary };
  // A nudge (Mingdao's shake) carries nothing anyone wrote: it says who, previews or not.
  const nudge = message.kind === 'nudge';
  const text = nudge ? t('nudge.received', { name: sender }) : shorten(messageText(message));
  const line = conversation.kind === 'group' && !nudge ? t('notification.groupLine', { sender, text }) : text;
  return { title, body: count > 1 ? `${summary}\n${line}` : line };
}

/**
 * An incoming call: "Alice is calling" / "Video call from Alice"; in a group, "Alice is
 * calling Climbing club". The body says which kind of call.
 */
export function composeCall(facts: Pick<RingingCallFacts, 'media' | 'group' | 'callerName' | 'groupTitle'>): { title: string; body: string } {
  const caller = facts.callerName;
  const title =
    facts.group && facts.groupTitle
      ? t('notification.callingGroup', { caller, group: facts.groupTitle })
      : facts.media === 'video'
        ? t('notification.videoCallFrom', { caller })
        : t('notification.calling', { caller });
  return { title, body: facts.media === 'video' ? t('call.incoming.video') : t('call.incoming.audio') };
}

/** A call line that notifies: missed, or missed while busy in another call. */
function missedCallText(call: CallRecord): string {
  const video = call.media === 'video';
  if (call.outcome === 'busy') return video ? t('notification.missedCallBusy.video') : t('notification.missedCallBusy.audio');
  return video ? t('notification.missedCall.video') : t('notification.missedCall.audio');
}

function messageText(m: IncomingMessage): string {
  if (m.kind === 'call' && m.call) return missedCallText(m.call);
  const text = m.text.trim();
  if (text) return text;
  const n = m.attachmentCount ?? 0;
  return n > 1 ? t('notification.attachments', { count: n }) : t('notification.attachment');
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_BODY_TEXT ? `${oneLine.slice(0, MAX_BODY_TEXT - 1)}…` : oneLine;
}
