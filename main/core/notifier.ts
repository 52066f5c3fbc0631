// The glue between the core and the notification policy: it learns what the policy needs
// from the core's own events (each conversation's title, kind, mute and request state; its
// unread count falling to zero), hears from the unread ledger which messages were counted as
// new, asks the policy, and shows or closes through what the host provides (Electron: OS
// notifications from main; the browser host: `notification.show` / `notification.close`
// events that the page shows with the Notification API).
//
// Incoming calls come from the same events (`call.updated`): a call that rings is decided
// once its caller's name is known, asked again when the window is left while it still rings,
// and its notification is closed as soon as it stops ringing.

import { conversationRef, type Call, type Id, type NotificationRequest, type Settings } from '../../contract/domain';
import type { ParleyEvent } from '../../contract/events';
import type { ConversationData, MessageData } from './adapter';
import type { Logger } from './logger';
import { callNotificationTag, NotificationPolicy, type ConversationFacts, type WindowReport } from './notification-policy';
import { NotificationPacer } from './notification-pacer';

/**
 * How long a message for a conversation main has not heard of yet waits for it (a new
 * conversation's first message can come before the conversation itself): then it notifies
 * with the sender's name as the title.
 */
const CONVERSATION_WAIT_MS = 2_000;

export interface NotifierOptions {
  log: Logger;
  settings: () => Settings;
  notify: (notification: NotificationRequest) => void;
  closeNotification: (tag: string) => void;
  /** The account's own user ID (a message from them came from another session). */
  myUserId: (accountId: string) => Id | undefined;
  /** A user's display name, for "Bob: text" in groups; undefined when it cannot be found. */
  userName: (accountId: string, userId: Id) => Promise<string | undefined>;
}

interface Waiting {
  accountId: string;
  message: MessageData;
}

export class Notifier {
  private readonly policy = new NotificationPolicy();
  /** What the policy needs of each conversation, by conversationRef. */
  private readonly conversations = new Map<string, ConversationFacts>();
  private readonly names = new Map<string, Promise<string | undefined>>();
  /** Counted messages whose conversation main has not heard of yet, by conversationRef. */
  private readonly waiting = new Map<string, { messages: Waiting[]; timer: ReturnType<typeof setTimeout> }>();
  /** Incoming calls that ring now, by callNotificationTag; the latest state of each. */
  private readonly ringing = new Map<string, Call>();
  /** Messages are decided one after another, in the order they were counted. */
  private queue: Promise<void> = Promise.resolve();

  /** A flood's updates of one notification, paced (notification-pacer.ts); closes go through it. */
  private readonly pacer: NotificationPacer;

  constructor(private readonly opts: NotifierOptions) {
    this.pacer = new NotificationPacer(
      (n) => this.opts.notify(n),
      (tag) => this.opts.closeNotification(tag),
    );
  }

  /** Every event batch the core sends its windows passes here too. */
  onEvents(batch: readonly ParleyEvent[]): void {
    for (const event of batch) {
      switch (event.name) {
        case 'conversation.upserted': {
          const { conversation: c } = event.payload;
          this.learn(c.accountId, c);
          if (c.unreadCount === 0) this.reset(c.accountId, c.id);
          break;
        }
        case 'conversation.updated': {
          const { accountId, conversationId, changes } = event.payload;
          const ref = conversationRef(accountId, conversationId);
          const known = this.conversations.get(ref);
          if (known) {
            if (changes.title !== undefined) known.title = changes.title;
            if (changes.muted !== undefined) known.muted = changes.muted;
            if (changes.request !== undefined) known.request = changes.request;
          }
          // Read (here or on another device), or muted: its notification has nothing left to say.
          if (changes.unreadCount === 0 || changes.muted === true) this.reset(accountId, conversationId);
          break;
        }
        case 'conversation.removed':
          this.reset(event.payload.accountId, event.payload.conversationId);
          this.conversations.delete(conversationRef(event.payload.accountId, event.payload.conversationId));
          break;
        case 'connection.changed':
          if (event.payload.state === 'signed-out') this.forgetAccount(event.payload.accountId);
          break;
        case 'call.updated':
          this.callUpdated(event.payload.call);
          break;
        default:
          break;
      }
    }
  }

  /** A conversation main saw (an event, or a list answered to a window). */
  learn(accountId: string, c: Pick<ConversationData, 'id' | 'kind' | 'title' | 'muted' | 'request'>): void {
    const ref = conversationRef(accountId, c.id);
    this.conversations.set(ref, { kind: c.kind, title: c.title, muted: c.muted, request: c.request === true });
    const waiting = this.waiting.get(ref);
    if (waiting) {
      clearTimeout(waiting.timer);
      this.waiting.delete(ref);
      for (const w of waiting.messages) this.enqueue(w);
    }
  }

  /** The unread ledger counted this message as a new unread one. */
  onNewUnread(accountId: string, message: MessageData): void {
    const ref = conversationRef(accountId, message.conversationId);
    if (this.conversations.has(ref)) return this.enqueue({ accountId, message });
    const waiting = this.waiting.get(ref);
    if (waiting) return void waiting.messages.push({ accountId, message });
    const timer = setTimeout(() => {
      const entry = this.waiting.get(ref);
      this.waiting.delete(ref);
      for (const w of entry?.messages ?? []) this.enqueue(w);
    }, CONVERSATION_WAIT_MS);
    timer.unref?.();
    this.waiting.set(ref, { messages: [{ accountId, message }], timer });
  }

  /** A window's `ui.report`: the latest one wins (see NotificationPolicy). */
  reportWindow(report: WindowReport): void {
    for (const tag of this.policy.reportWindow(report)) this.pacer.closeTag(tag);
    // A call that rang while the user looked (the overlay was enough) notifies once they leave.
    if (!(report.focused && report.visible)) for (const tag of this.ringing.keys()) this.enqueueCall(tag);
  }

  /** The host saw its window hidden or closed: nobody is looking, whatever the page said last. */
  windowHidden(): void {
    this.reportWindow({ ...this.policy.windowState(), focused: false, visible: false });
  }

  /** Settles once every message counted so far has been decided (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    this.ringing.clear();
    this.pacer.stop();
  }

  private callUpdated(call: Call): void {
    const tag = callNotificationTag(call.accountId, call.callId);
    if (call.direction === 'incoming' && call.phase === 'incoming') {
      const known = this.ringing.has(tag);
      this.ringing.set(tag, call);
      if (!known) this.enqueueCall(tag);
      return;
    }
    this.ringing.delete(tag);
    const shown = this.policy.callStopped(call.accountId, call.callId);
    if (shown) this.opts.closeNotification(shown);
  }

  private enqueueCall(tag: string): void {
    this.queue = this.queue
      .then(() => this.decideCall(tag))
      .catch((e: unknown) => this.opts.log.error('call notification failed', { error: e instanceof Error ? e.message : String(e) }));
  }

  private async decideCall(tag: string): Promise<void> {
    const before = this.ringing.get(tag);
    if (!before) return;
    const known = this.conversations.get(conversationRef(before.accountId, before.conversationId));
    // A direct conversation's title is the other person: the caller.
    const callerName = known && known.kind === 'direct' && known.title ? known.title : await this.userName(before.accountId, before.callerId);
    // It may have stopped ringing while the name was looked up.
    const call = this.ringing.get(tag);
    if (!call) return;
    const decision = this.policy.incomingCall(
      {
        accountId: call.accountId,
        callId: call.callId,
        conversationId: call.conversationId,
        media: call.media,
        group: call.group,
        callerName: callerName || call.callerId,
        groupTitle: known?.kind === 'group' ? known.title : '',
      },
      this.opts.settings(),
    );
    if ('show' in decision) this.opts.notify(decision.show);
    else this.opts.log.debug('no call notification', { reason: decision.skip });
  }

  private enqueue(w: Waiting): void {
    this.queue = this.queue
      .then(() => this.decide(w))
      .catch((e: unknown) => this.opts.log.error('notification failed', { error: e instanceof Error ? e.message : String(e) }));
  }

  private async decide({ accountId, message }: Waiting): Promise<void> {
    const myUserId = this.opts.myUserId(accountId);
    if (myUserId === undefined) return; // signed out meanwhile
    const ref = conversationRef(accountId, message.conversationId);
    const known = this.conversations.get(ref);
    // A group's notification says who wrote: looked up before deciding, so the decision and
    // the showing happen in one step (nothing can read the conversation in between).
    const needsName = !known || known.kind === 'group';
    const senderName = needsName ? await this.userName(accountId, message.senderId) : known.title;
    const conversation = this.conversations.get(ref) ?? { kind: 'direct' as const, title: senderName ?? '', muted: false, request: false };
    const decision = this.policy.incoming(
      {
        message: {
          accountId,
          conversationId: message.conversationId,
          senderId: message.senderId,
          ...(senderName !== undefined ? { senderName } : {}),
          kind: message.kind,
          text: message.text,
          ...(message.editedAt !== undefined ? { editedAt: message.editedAt } : {}),
          ...(message.deleted ? { deleted: true } : {}),
          attachmentCount: message.attachments?.length ?? 0,
          ...(message.call ? { call: message.call } : {}),
        },
        myUserId,
        conversation,
        countedAsNew: true,
      },
      this.opts.settings(),
    );
    if ('show' in decision) this.pacer.show(decision.show);
    else this.opts.log.debug('no notification', { reason: decision.skip });
  }

  private userName(accountId: string, userId: Id): Promise<string | undefined> {
    const key = conversationRef(accountId, userId);
    let name = this.names.get(key);
    if (!name) {
      name = this.opts.userName(accountId, userId).catch(() => undefined);
      this.names.set(key, name);
      // A failed lookup is tried again next time.
      void name.then((n) => n === undefined && this.names.delete(key));
    }
    return name;
  }

  private reset(accountId: string, conversationId: Id): void {
    const tag = this.policy.reset(accountId, conversationId);
    if (tag) this.pacer.closeTag(tag);
  }

  private forgetAccount(accountId: string): void {
    for (const [tag, call] of [...this.ringing]) if (call.accountId === accountId) this.ringing.delete(tag);
    for (const tag of this.policy.resetAccount(accountId)) this.pacer.closeTag(tag);
    for (const ref of [...this.conversations.keys()]) if (ref.startsWith(`${accountId}#`)) this.conversations.delete(ref);
  }
}
