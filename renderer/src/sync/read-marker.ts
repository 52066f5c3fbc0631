// Tells main when the user has read a conversation: it is open, the window is visible,
// and main counts unread messages in it. Main keeps the counts (and the badge) and tells
// the server where the protocol has read receipts; the renderer only reports what the
// user saw, up to the newest message on screen.

import { parseConversationRef, type ParleyApi } from '../contract';
import type { Tasks } from '../lib/tasks';
import type { ParleyState, ParleyStore } from '../store';

export interface ReadMarkerDeps {
  api: ParleyApi;
  store: ParleyStore;
  tasks: Tasks;
  isVisible: () => boolean;
}

export class ReadMarker {
  private unsubscribe: (() => void) | null = null;
  /** The last mark sent per conversation ref: the same mark is not sent twice. */
  private readonly sent = new Map<string, string>();
  private readonly onVisibility = () => this.check(this.deps.store.getState());

  constructor(private readonly deps: ReadMarkerDeps) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.store.subscribe((s) => this.check(s));
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
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
