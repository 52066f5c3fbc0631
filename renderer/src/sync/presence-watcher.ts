// Tells main whose presence is on screen, per account: the peers of the conversations in
// the list and the members of the open one. Protocols that subscribe per user (Haraj's
// listen / unlisten) watch exactly these; main ignores it for protocols that push presence
// for everyone (Netalo). Sent only when the set changes.

import type { ParleyApi } from '../contract';
import type { Tasks } from '../lib/tasks';
import type { ParleyState, ParleyStore } from '../store';
import { selectSortedConversations } from '../store/selectors';

/** Enough for a screenful of rows and then some; the contract allows 500. */
const WATCHED_ROWS = 100;

export class PresenceWatcher {
  private unsubscribe: (() => void) | null = null;
  private readonly sent = new Map<string, string>();

  constructor(private readonly deps: { api: ParleyApi; store: ParleyStore; tasks: Tasks }) {}

  start(): void {
    this.unsubscribe ??= this.deps.store.subscribe((s) => this.check(s));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private check(s: ParleyState): void {
    const wanted = new Map<string, Set<string>>();
    for (const id of s.accountOrder) if (s.accounts[id]?.capabilities.presence) wanted.set(id, new Set());
    if (wanted.size === 0) return;
    for (const c of selectSortedConversations(s).slice(0, WATCHED_ROWS)) {
      if (c.peerId) wanted.get(c.accountId)?.add(c.peerId);
    }
    const open = s.openConversationRef ? s.conversationsByRef[s.openConversationRef] : undefined;
    if (open) for (const m of open.memberIds) wanted.get(open.accountId)?.add(m);
    for (const [accountId, users] of wanted) {
      users.delete(s.accounts[accountId]!.account.userId);
      const userIds = [...users].sort().slice(0, 500);
      const key = userIds.join(',');
      if (this.sent.get(accountId) === key) continue;
      this.sent.set(accountId, key);
      this.deps.tasks.run(() => this.deps.api.presence.watch({ accountId, userIds }));
    }
  }
}
