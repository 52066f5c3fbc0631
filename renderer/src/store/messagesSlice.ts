// The messages on screen, per conversation ref: ordered keys plus rows by key. Only the open
// thread is held (sync/history.ts drops the others when another opens); every other message
// stays in Dexie until its thread opens.

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
  // Copied on the first change only: rows already shown (an echo, a page read again) cost no copy.
  const shownRows: Thread['byKey'] = thread?.byKey ?? {};
  let copy: Thread['byKey'] | null = thread ? null : {};
  const edit = () => (copy ??= { ...shownRows });
  let changed = !thread;
  // Whether the order can have changed: a row added or removed, or a row's time moved.
  let reorder = !thread;
  // Rows added, when that is all that moved: they are sorted among themselves and merged in
  // (a burst into a thread of thousands does not sort the thousands again, per batch).
  let onlyAdded = true;
  const added: string[] = [];
  for (const key of removedKeys) {
    if (key in (copy ?? shownRows)) {
      delete edit()[key];
      changed = reorder = true;
      onlyAdded = false;
    }
  }
  for (const row of rows) {
    const shown = (copy ?? shownRows)[row.key];
    if (shown && shown.rev > row.rev) continue;
    if (shown === row) continue;
    if (!shown) added.push(row.key);
    else if (shown.sentAt !== row.sentAt) onlyAdded = false;
    if (!shown || shown.sentAt !== row.sentAt) reorder = true;
    edit()[row.key] = row;
    changed = true;
  }
  if (!changed && thread) return thread;
  const byKey = edit();
  // A status change keeps the same `keys` array: the list then knows nothing moved (no
  // re-sort, no scroll work), which matters when hundreds of statuses change in a row.
  if (!reorder && thread) return { keys: thread.keys, byKey };
  const order = byTime(byKey);
  if (thread && onlyAdded) return { keys: mergeSorted(thread.keys, added.sort(order), order), byKey };
  return { keys: Object.keys(byKey).sort(order), byKey };
}

/** Two lists each in `order`, as one; appending (the usual case: new messages are newest) is a concat. */
function mergeSorted(a: readonly string[], b: readonly string[], order: (x: string, y: string) => number): string[] {
  if (b.length === 0) return [...a];
  if (a.length === 0 || order(a[a.length - 1]!, b[0]!) <= 0) return a.concat(b);
  const out: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
