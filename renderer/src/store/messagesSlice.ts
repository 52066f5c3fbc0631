// The messages on screen, per conversation: ordered keys plus rows by key. Only threads
// that were opened are held; every other message stays in Dexie until its thread opens.

import type { StateCreator } from 'zustand';
import type { StoredMessage } from '../db/database';
import type { ParleyState } from './index';

export interface Thread {
  /** Oldest first. */
  keys: string[];
  byKey: Record<string, StoredMessage>;
}

export interface MessagesSlice {
  threads: Record<string, Thread>;
  /** Shows a thread (creating it) with these rows, keeping anything newer already shown. */
  showThread(conversationId: string, rows: readonly StoredMessage[]): void;
  /** Rows just written to Dexie; ignored for threads that are not held. */
  applyMessages(rows: readonly StoredMessage[]): void;
  clearMessages(): void;
}

const byTime = (thread: Thread['byKey']) => (a: string, b: string) => {
  const ma = thread[a]!;
  const mb = thread[b]!;
  return ma.sentAt - mb.sentAt || (a < b ? -1 : a > b ? 1 : 0);
};

/** Union by key; a row replaces the shown one only if it is at least as new (`rev`). */
function mergeRows(thread: Thread | undefined, rows: readonly StoredMessage[]): Thread {
  const byKey = { ...thread?.byKey };
  let changed = !thread;
  for (const row of rows) {
    const shown = byKey[row.key];
    if (shown && shown.rev > row.rev) continue;
    byKey[row.key] = row;
    changed = true;
  }
  if (!changed && thread) return thread;
  return { keys: Object.keys(byKey).sort(byTime(byKey)), byKey };
}

export const createMessagesSlice: StateCreator<ParleyState, [], [], MessagesSlice> = (set) => ({
  threads: {},
  showThread: (conversationId, rows) =>
    set((s) => ({ threads: { ...s.threads, [conversationId]: mergeRows(s.threads[conversationId], rows) } })),
  applyMessages: (rows) =>
    set((s) => {
      let threads = s.threads;
      for (const row of rows) {
        const thread = threads[row.conversationId];
        if (!thread) continue;
        const next = mergeRows(thread, [row]);
        if (next !== thread) threads = { ...threads, [row.conversationId]: next };
      }
      return threads === s.threads ? s : { threads };
    }),
  clearMessages: () => set({ threads: {} }),
});
