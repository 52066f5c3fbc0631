// Keeps the cache and the store in step with the account: loads the cache at start (no
// network), refreshes from the server when online, and loads threads as they open.
// Every write goes Dexie first, then the store (src/data/writeThrough.ts).

import type { Account, Conversation, SessionInfo } from '../contract';
import { writeConversations, writeServerMessages, type DataDeps } from '../data/writeThrough';
import { loadConversations } from '../db/conversations';
import { loadNewestMessages, PAGE_SIZE } from '../db/messages';
import { getLastSyncedAt, setLastSyncedAt } from '../db/meta';
import { coalesce } from '../lib/coalesce';
import type { Tasks } from '../lib/tasks';
import type { Outbox } from '../outbox/outbox';

export interface SyncDeps extends DataDeps {
  tasks: Tasks;
  outbox: Outbox;
  now?: () => number;
}

export const CONVERSATION_PAGE_SIZE = 50;

export class Sync {
  /** On every 'online': the first page of conversations, the open thread's newest page, then the outbox. */
  readonly refresh: () => Promise<void>;
  /** The first page of conversations again (e.g. a message arrived for one we do not know). */
  readonly refetchConversations: () => Promise<void>;
  private sessionQueue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SyncDeps) {
    this.refresh = coalesce(() => this.runRefresh());
    this.refetchConversations = coalesce(async () => {
      await this.fetchConversations();
    });
  }

  private get state() {
    return this.deps.store.getState();
  }

  /** Asks main who is signed in (a local answer, no network) and shows that account's cache. */
  async reload(): Promise<void> {
    const result = await this.state.api.session.get({});
    if (result.ok) await this.applySession(result.value);
    else this.state.endSession(result.error.message);
  }

  /**
   * Shows the session main reports. Calls run one at a time: a sign-in result and the
   * 'session.changed' event that follows it would otherwise both switch the account view
   * and could interleave (one clearing the list the other just filled).
   */
  applySession(info: SessionInfo): Promise<void> {
    const run = this.sessionQueue.then(() => this.switchTo(info));
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  private async switchTo(info: SessionInfo): Promise<void> {
    const { account } = info;
    const { store, db } = this.deps;
    const s = this.state;
    if (!account || account.id !== s.account?.id) {
      // Read the cache before switching screens so the list appears complete, not empty first.
      const cached = account ? await loadConversations(db, account.id) : [];
      const syncedAt = account ? await getLastSyncedAt(db, account.id) : null;
      this.clearAccountView();
      store.getState().setSession(info);
      if (account) {
        this.showCache(cached, syncedAt);
        await this.deps.outbox.restore();
      }
    } else {
      s.setSession(info);
    }
    if (account && info.connection === 'online') this.deps.tasks.run(this.refresh);
  }

  private showCache(cached: Conversation[], syncedAt: number | null): void {
    const s = this.state;
    s.upsertConversations(cached);
    s.setLastSyncedAt(syncedAt);
    s.setDataState('cache');
  }

  /** The session ended (expired, taken over, or signed out): back to sign-in; the cache stays on disk. */
  endSession(notice: string | null): void {
    this.clearAccountView();
    this.state.endSession(notice);
  }

  private clearAccountView(): void {
    const s = this.state;
    s.clearConversations();
    s.clearMessages();
    s.resetUi();
  }

  private onlineAccount(): Account | null {
    const { account, connection } = this.state;
    return account && connection === 'online' ? account : null;
  }

  private async runRefresh(): Promise<void> {
    const account = this.onlineAccount();
    if (!account) return;
    const listed = await this.fetchConversations();
    const open = this.state.openConversationId;
    if (open) await this.fetchNewestMessages(open);
    await this.deps.outbox.flush();
    if (listed && this.state.account?.id === account.id) {
      const at = (this.deps.now ?? Date.now)();
      await setLastSyncedAt(this.deps.db, account.id, at);
      this.state.setLastSyncedAt(at);
      this.state.setDataState('live');
    }
  }

  private async fetchConversations(): Promise<boolean> {
    const account = this.onlineAccount();
    if (!account) return false;
    const result = await this.state.api.conversations.list({ accountId: account.id, limit: CONVERSATION_PAGE_SIZE });
    if (!result.ok) return false;
    await writeConversations(this.deps, result.value.items);
    return true;
  }

  private async fetchNewestMessages(conversationId: string): Promise<void> {
    const account = this.onlineAccount();
    if (!account) return;
    const result = await this.state.api.messages.list({ accountId: account.id, conversationId, limit: PAGE_SIZE });
    if (result.ok) await writeServerMessages(this.deps, result.value.items);
  }

  /** Shows the newest cached page at once, then merges the server's newest page when online. */
  async openConversation(conversationId: string): Promise<void> {
    const s = this.state;
    const account = s.account;
    if (!account) return;
    s.setOpenConversation(conversationId);
    s.setNewConversationOpen(false);
    const rows = await loadNewestMessages(this.deps.db, account.id, conversationId);
    this.state.showThread(conversationId, rows);
    await this.fetchNewestMessages(conversationId);
  }
}
