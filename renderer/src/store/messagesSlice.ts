// The messages on screen, per conversation ref: ordered keys plus rows by key. Only
// threads that were opened are held; every other message stays in Dexie until its thread opens.

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
}

export const createMessagesSlice: StateCreator<ParleyState, [], [], MessagesSlice> = () => ({
  threads: {},
});

const byTime = (rows: Thread['byKey']) => (a: string, b: string) => {
  const ma = rows[a]!;
  const mb = rows[b]!;
  return ma.sentAt - mb.sentAt || (a < b ? -1 : a > b ? 1 : 0);
};

/** Union by key; a row replaces the shown one only if it is at least as new (`rev`). Same object when nothing changed. */
export function mergeRows(thread: Thread | undefined, rows: readonly StoredMessage[], removedKeys: readonly string[] = []): Thread {
  const byKey = { ...thread?.byKey };
  let changed = !thread;
  // Whether the order can have changed: a row added or removed, or a row's time moved.
  let reorder = !thread;
  for (const key of removedKeys) {
    if (key in byKey) {
      delete byKey[key];
      changed = reorder = true;
    }
  }
  for (const row of rows) {
    const shown = byKey[row.key];
    if (shown && shown.rev > row.rev) continue;
    if (shown === row) continue;
    if (!shown || shown.sentAt !== row.sentAt) reorder = true;
    byKey[row.key] = row;
    changed = true;
  }
  if (!changed && thread) return thread;
  // A status change keeps the same `keys` array: the list then knows nothing moved (no
  // re-sort, no scroll work), which matters when hundreds of statuses change in a row.
  if (!reorder && thread) return { keys: thread.keys, byKey };
  return { keys: Object.keys(byKey).sort(byTime(byKey)), byKey };
}
