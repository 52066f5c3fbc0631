// When the open conversation's view shakes: a nudge from someone else has just arrived in
// it (not one that was already there when it opened, not an older one a history page
// brought in, not my own), and at most once every 10 s however many come.

import type { Message } from '../../contract';

export const SHAKE_INTERVAL_MS = 10_000;
/** A nudge older than this (by its own time) is history, not news: no shake. Lenient for clock skew. */
export const SHAKE_RECENT_MS = 120_000;

type Row = Pick<Message, 'senderId' | 'kind' | 'sentAt'>;

/** The thread as the store keeps it: ordered keys, rows by key. */
export interface ThreadView {
  keys: readonly string[];
  byKey: Readonly<Record<string, Row | undefined>>;
}

export class NudgeShake {
  /** The newest row the last look saw: only rows after it are new arrivals. */
  private newestKey: string | undefined;
  private primed = false;
  private lastShakeAt = -Infinity;

  /** Looks at the thread as it is now; true when the view should shake now. */
  update({ keys, byKey }: ThreadView, myUserId: string | undefined, now: number): boolean {
    const previous = this.newestKey;
    const wasPrimed = this.primed;
    this.newestKey = keys[keys.length - 1];
    this.primed = true;
    if (!wasPrimed) return false; // what was there when the conversation opened is not news
    let start = 0;
    if (previous !== undefined) {
      const at = keys.lastIndexOf(previous); // the newest rows are the likely place
      // The window moved (trimmed, or jumped to another page): nothing here is known to be new.
      if (at < 0) return false;
      start = at + 1;
    }
    let fresh = false;
    for (let i = start; i < keys.length; i++) {
      const m = byKey[keys[i]!];
      if (m?.kind === 'nudge' && m.senderId !== myUserId && now - m.sentAt < SHAKE_RECENT_MS) fresh = true;
    }
    if (!fresh || now - this.lastShakeAt < SHAKE_INTERVAL_MS) return false;
    this.lastShakeAt = now;
    return true;
  }
}
