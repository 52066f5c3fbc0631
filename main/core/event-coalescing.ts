// What a window needs from a batch of events is where things ended up, not every step on the
// way. During a burst each incoming message brings three events: the message, its
// conversation's new unread count and the new badge totals. The last two are states, so in
// one batch only the newest of each says anything a window can use: the older ones cost
// JSON, IPC bytes and cache ops for values the same batch overwrites. In bench B4 (10,000
// messages) they were 22,000 of the 33,000 events sent to the page, 45 % of the bytes.
//
// Dropped, and only these:
// - an `unread.changed` with a later one in the batch (each carries all the totals);
// - a `conversation.updated` whose every field a later `conversation.updated` of the same
//   conversation sets again (applied in order, the later one decides those fields anyway).
// Everything else keeps its place and order. The core's own listeners (notifications,
// calls) hear the whole batch: a count going to 0 and up again means "read, then new", and
// the notifier must see the 0 to start its count afresh.

import type { ParleyEvent } from '../../contract/events';

/** `batch` without the events a later one of the same batch overrides; the same array when none is. */
export function coalesceForWindows(batch: readonly ParleyEvent[]): readonly ParleyEvent[] {
  let dropped: Set<number> | null = null;
  let laterTotals = false;
  /** Per conversation: the fields later `conversation.updated` events set. */
  const laterFields = new Map<string, Set<string>>();
  for (let i = batch.length - 1; i >= 0; i--) {
    const event = batch[i]!;
    if (event.name === 'unread.changed') {
      if (laterTotals) (dropped ??= new Set()).add(i);
      laterTotals = true;
    } else if (event.name === 'conversation.updated') {
      const { accountId, conversationId, changes } = event.payload;
      const ref = `${accountId}\u0000${conversationId}`;
      const later = laterFields.get(ref);
      if (later && Object.keys(changes).every((field) => later.has(field))) {
        (dropped ??= new Set()).add(i);
        continue;
      }
      // A field set to undefined does not count as set: JSON (the browser host) drops it.
      const fields = Object.entries(changes).flatMap(([field, value]) => (value === undefined ? [] : [field]));
      if (later) for (const field of fields) later.add(field);
      else laterFields.set(ref, new Set(fields));
    }
  }
  if (!dropped) return batch;
  const kept = dropped;
  return batch.filter((_, i) => !kept.has(i));
}
