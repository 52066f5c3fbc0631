// Loading a thread's past (and, for a window detached from the newest, its newer part)
// page by page: from the Dexie cache first, then from the server (`messages.list` with
// `before` = the oldest server ID the window holds). Every cache read and every window
// change runs as a pipeline step, so it sees every write queued before it and nothing
// interleaves with it. The store side (windows, detached, trimming) is in store/historySlice.ts.

import { parseConversationRef, type ParleyApi } from '../contract';
import type { ParleyDb } from '../db/database';
import { HISTORY_PAGE_SIZE, PAGE_SIZE, loadAroundMessage, loadNewerMessages, loadNewestMessages, loadOlderMessages } from '../db/messages';
import type { DataOp } from '../db/writer';
import type { ParleyState, ParleyStore } from '../store';
import { applyStoreBatch } from '../store/batch';
import { FRESH_HISTORY, WINDOW_MAX, historyOf, trimWindow, type ThreadHistory } from '../store/historySlice';
import { mergeRows } from '../store/messagesSlice';
import type { Pipeline } from './pipeline';

/** Rows per `messages.list` page (the contract allows up to 200). */
export const SERVER_PAGE_SIZE = 100;

export interface HistoryDeps {
  api: ParleyApi;
  db: ParleyDb;
  store: ParleyStore;
  pipeline: Pipeline;
  now?: () => number;
}

export class History {
  constructor(private readonly deps: HistoryDeps) {}

  private get state(): ParleyState {
    return this.deps.store.getState();
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** What is older than the cache: the server's history where the protocol keeps one. */
  private beyondCache(accountId: string): ThreadHistory['older'] {
    return this.state.accounts[accountId]?.capabilities.history ? 'server' : 'none';
  }

  private patch(ref: string, changes: Partial<ThreadHistory>): void {
    const s = this.state;
    this.deps.store.setState({ history: { ...s.history, [ref]: { ...historyOf(s, ref), ...changes } } });
  }

  /**
   * Opens a conversation on its newest cached page, or, with `focusKey`, on the cached
   * messages around that message (then `focusMessage` tells the list to bring it into view).
   * The window starts afresh either way.
   */
  async open(ref: string, focusKey?: string): Promise<void> {
    const { pipeline, db, store } = this.deps;
    const { accountId, conversationId } = parseConversationRef(ref);
    await pipeline.run(async () => {
      const around = focusKey ? await loadAroundMessage(db, accountId, conversationId, focusKey) : null;
      const rows = around ? around.rows : await loadNewestMessages(db, accountId, conversationId);
      const s = this.state;
      if (!(accountId in s.accounts)) return null;
      const history: ThreadHistory = around
        ? { ...FRESH_HISTORY, older: around.olderFull ? 'cache' : this.beyondCache(accountId), detached: around.newerFull, detachedAt: this.now() }
        : { ...FRESH_HISTORY, older: rows.length >= PAGE_SIZE ? 'cache' : this.beyondCache(accountId) };
      // Only the open thread is held: a thread left open before would otherwise take every
      // message that arrives in it from now on (a busy conversation grows by thousands of rows,
      // each batch re-merging all of them), and opening it again reads a fresh window anyway.
      store.setState({
        ...applyStoreBatch(s, {
          ui: { openConversationRef: ref, newConversationOpen: false, focusMessage: around && focusKey ? { ref, key: focusKey } : null },
        }),
        threads: { [ref]: mergeRows(undefined, rows) },
        history: { [ref]: history },
      });
      return null;
    });
  }

  /** The next older page: the cache's, or once it has none, the server's. One at a time per thread. */
  async loadOlder(ref: string): Promise<void> {
    const h = historyOf(this.state, ref);
    if (!this.state.threads[ref] || h.loading || h.older === 'none') return;
    this.patch(ref, { loading: 'older', failed: false });
    try {
      if (h.older === 'cache' && (await this.olderFromCache(ref)) > 0) return;
      if (historyOf(this.state, ref).older === 'server') await this.olderFromServer(ref);
    } finally {
      if (this.state.threads[ref]) this.patch(ref, { loading: null });
    }
  }

  /** Reads the cache's page before the window's oldest row; how many rows it found. */
  private async olderFromCache(ref: string): Promise<number> {
    const { pipeline, db, store } = this.deps;
    const { accountId, conversationId } = parseConversationRef(ref);
    let found = 0;
    await pipeline.run(async () => {
      const before = this.state.threads[ref];
      const oldestKey = before?.keys[0];
      const oldest = oldestKey === undefined ? undefined : before!.byKey[oldestKey];
      const rows = oldest ? await loadOlderMessages(db, accountId, conversationId, oldest, HISTORY_PAGE_SIZE) : [];
      found = rows.length;
      const s = this.state;
      const thread = s.threads[ref];
      if (!thread) return null;
      const { thread: window, cut } = trimWindow(mergeRows(thread, rows), WINDOW_MAX, 'oldest');
      const h = historyOf(s, ref);
      const older = rows.length >= HISTORY_PAGE_SIZE ? 'cache' : this.beyondCache(accountId);
      store.setState({
        threads: { ...s.threads, [ref]: window },
        history: { ...s.history, [ref]: { ...h, older, ...(cut && !h.detached ? { detached: true, detachedAt: this.now() } : {}) } },
      });
      return null;
    });
    return found;
  }

  /** Asks the server for the page before the oldest server ID the window holds. */
  private async olderFromServer(ref: string): Promise<void> {
    const { api, pipeline, store } = this.deps;
    const { accountId, conversationId } = parseConversationRef(ref);
    const thread = this.state.threads[ref];
    if (!thread) return;
    let before: string | undefined;
    for (const key of thread.keys) {
      before = thread.byKey[key]!.id;
      if (before) break;
    }
    const result = await api.messages.list({ accountId, conversationId, limit: SERVER_PAGE_SIZE, ...(before ? { before } : {}) });
    if (!result.ok) {
      this.patch(ref, { failed: true });
      return;
    }
    // Written to the cache like any page; the store merges them into the open window (batch.ts).
    await pipeline.run({ ops: result.value.items.map((message): DataOp => ({ op: 'message', message })) });
    await pipeline.run(() => {
      const s = this.state;
      const current = s.threads[ref];
      if (!current) return null;
      const { thread: window, cut } = trimWindow(current, WINDOW_MAX, 'oldest');
      const h = historyOf(s, ref);
      const older = result.value.nextCursor !== undefined && result.value.items.length > 0 ? 'server' : 'none';
      store.setState({
        threads: { ...s.threads, [ref]: window },
        history: { ...s.history, [ref]: { ...h, older, ...(cut && !h.detached ? { detached: true, detachedAt: this.now() } : {}) } },
      });
      return null;
    });
  }

  /** A detached window's next newer page from the cache; reaching the newest attaches it again. */
  async loadNewer(ref: string): Promise<void> {
    const { pipeline, db, store } = this.deps;
    const h = historyOf(this.state, ref);
    if (!this.state.threads[ref] || h.loading || !h.detached) return;
    const { accountId, conversationId } = parseConversationRef(ref);
    this.patch(ref, { loading: 'newer' });
    try {
      await pipeline.run(async () => {
        const before = this.state.threads[ref];
        const newestKey = before?.keys[before.keys.length - 1];
        const newest = newestKey === undefined ? undefined : before!.byKey[newestKey];
        const rows = newest ? await loadNewerMessages(db, accountId, conversationId, newest, HISTORY_PAGE_SIZE) : [];
        const s = this.state;
        const thread = s.threads[ref];
        if (!thread) return null;
        const { thread: window, cut } = trimWindow(mergeRows(thread, rows), WINDOW_MAX, 'newest');
        const h = historyOf(s, ref);
        const reachedNewest = rows.length < HISTORY_PAGE_SIZE;
        store.setState({
          threads: { ...s.threads, [ref]: window },
          history: {
            ...s.history,
            [ref]: {
              ...h,
              detached: !reachedNewest,
              arrivedBelow: reachedNewest ? [] : h.arrivedBelow.filter((key) => !(key in window.byKey)),
              ...(cut ? { older: 'cache' as const } : {}),
            },
          },
        });
        return null;
      });
    } finally {
      if (this.state.threads[ref]) this.patch(ref, { loading: null });
    }
  }

  /**
   * The user is at the bottom and the window grew past WINDOW_MAX with live messages: the
   * oldest rows leave the store (they are in the cache, and come back when scrolled to).
   */
  async trimToNewest(ref: string): Promise<void> {
    const { pipeline, store } = this.deps;
    await pipeline.run(() => {
      const s = this.state;
      const thread = s.threads[ref];
      const h = historyOf(s, ref);
      if (!thread || h.detached || h.loading) return null;
      const { thread: window, cut } = trimWindow(thread, WINDOW_MAX, 'newest');
      if (cut) store.setState({ threads: { ...s.threads, [ref]: window }, history: { ...s.history, [ref]: { ...h, older: 'cache' } } });
      return null;
    });
  }

  /** Whether the list shows the window's bottom: live messages then trim its top as they arrive (historySlice.ts `trimLive`). */
  setAtBottom(ref: string, atBottom: boolean): void {
    if (!this.state.threads[ref] || historyOf(this.state, ref).atBottom === atBottom) return;
    this.patch(ref, { atBottom });
  }

  /** "Jump to newest" on a detached window: the newest cached page replaces it. */
  async jumpToNewest(ref: string): Promise<void> {
    const { pipeline, db, store } = this.deps;
    if (!historyOf(this.state, ref).detached) return;
    const { accountId, conversationId } = parseConversationRef(ref);
    await pipeline.run(async () => {
      const rows = await loadNewestMessages(db, accountId, conversationId);
      const s = this.state;
      if (!s.threads[ref]) return null;
      store.setState({
        threads: { ...s.threads, [ref]: mergeRows(undefined, rows) },
        history: { ...s.history, [ref]: { ...FRESH_HISTORY, older: rows.length >= PAGE_SIZE ? 'cache' : this.beyondCache(accountId) } },
      });
      return null;
    });
  }
}
