// Tells main when the user has read a conversation: it is open, the window is visible and
// focused (a window behind others, or a hidden tab, is not being read), and main counts
// unread messages in it. When the user comes back to the window, the mark follows. Main keeps the counts (and the badge) and tells
// the server where the protocol has read receipts; the renderer only reports what the
// user saw, up to the newest message on screen.
//
// A store change is checked after the next paint and once the cache has stored it, not
// inside the change: a message arriving in the open conversation is painted and stored
// first, and its read mark (an IPC round trip, and the unread count's change coming back as
// another step to store and render) follows instead of holding either up. Several changes
// before then make one check.

import { parseConversationRef, type ParleyApi } from '../contract';
import { afterNextPaint } from '../lib/after-next-paint';
import type { Tasks } from '../lib/tasks';
import type { ParleyState, ParleyStore } from '../store';

export interface ReadMarkerDeps {
  api: ParleyApi;
  store: ParleyStore;
  tasks: Tasks;
  /** Whether the user is looking at the window now: visible and focused. */
  isVisible: () => boolean;
  /** Calls `changed` whenever that may have changed; returns the unsubscribe. Default: the document's visibility and the window's focus. */
  watchAttention?: (changed: () => void) => () => void;
  /** Runs a check after the next paint; returns its cancel. Default: lib/after-next-paint.ts. */
  afterPaint?: (work: () => void) => () => void;
  /** Resolves once the changes made so far are stored (the pipeline's steps). Default: at once. */
  settled?: () => Promise<void>;
}

/** The browser's signals that the user came to (or left) the window. */
export function watchDocumentAttention(changed: () => void): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => {};
  document.addEventListener('visibilitychange', changed);
  window.addEventListener('focus', changed);
  return () => {
    document.removeEventListener('visibilitychange', changed);
    window.removeEventListener('focus', changed);
  };
}

export class ReadMarker {
  private unsubscribe: (() => void) | null = null;
  /** The last mark sent per conversation ref: the same mark is not sent twice. */
  private readonly sent = new Map<string, string>();
  private unwatch: (() => void) | null = null;
  /** The check waiting for the next paint, if any: cancels it and settles its task. */
  private waiting: { cancel: () => void; settle: () => void } | null = null;

  constructor(private readonly deps: ReadMarkerDeps) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.store.subscribe(() => this.checkAfterPaint());
    this.unwatch = (this.deps.watchAttention ?? watchDocumentAttention)(() => this.check(this.deps.store.getState()));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unwatch?.();
    this.unwatch = null;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.cancel();
    waiting?.settle();
  }

  /** One check after the next paint, of the state then, however many changes come before it. */
  private checkAfterPaint(): void {
    if (this.waiting) return;
    const afterPaint = this.deps.afterPaint ?? afterNextPaint;
    // A task, so that `tasks.idle()` (tests, sign-out) waits for the mark it may send.
    this.deps.tasks.run(
      () =>
        new Promise<void>((settle) => {
          const waiting = { settle, cancel: () => {} };
          this.waiting = waiting;
          waiting.cancel = afterPaint(() => {
            void (this.deps.settled?.() ?? Promise.resolve()).then(() => {
              if (this.waiting !== waiting) return; // stopped meanwhile
              this.waiting = null;
              try {
                this.check(this.deps.store.getState());
              } finally {
                settle();
              }
            });
          });
        }),
    );
  }

  private check(s: ParleyState): void {
    const ref = s.openConversationRef;
    if (!ref) return;
    const conversation = s.conversationsByRef[ref];
    const thread = s.threads[ref];
    if (!conversation || !thread || conversation.unreadCount === 0 || !this.deps.isVisible()) return;
    // The newest message on screen that the server knows (ours waiting to be sent have no ID).
    let newest = null;
    for (let i = thread.keys.length - 1; i >= 0 && !newest; i--) {
      const row = thread.byKey[thread.keys[i]!]!;
      if (row.id) newest = row;
    }
    // Nothing the server knows on screen (yet): the user saw none of it, unless the protocol
    // has no history to show, where "all" is all it can mark.
    const { accountId, conversationId } = parseConversationRef(ref);
    if (!newest && s.accounts[accountId]?.capabilities.history !== false) return;
    const mark = newest ? `${newest.id}@${newest.sentAt}` : `all@${conversation.lastActivityAt}`;
    if (this.sent.get(ref) === mark) return;
    this.sent.set(ref, mark);
    this.deps.tasks.run(() =>
      this.deps.api.conversations.markRead({
        accountId,
        conversationId,
        ...(newest?.id ? { upToMessageId: newest.id, upToSentAt: newest.sentAt } : {}),
      }),
    );
  }
}
