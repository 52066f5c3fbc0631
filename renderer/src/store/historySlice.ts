// How much of each open thread the store holds, and what lies beyond it. A thread in the
// store is a WINDOW onto the conversation (threads[ref].keys): the newest page when it
// opens, growing upwards as the user scrolls into the past (cache pages first, then the
// server's), trimmed at the far end so that memory stays bounded however long the history.
// When trimming (or opening at a search result) leaves newer messages out of the window,
// the window is "detached" from the newest: live messages then wait in the cache (counted
// for the "jump to newest" button) instead of appearing after a gap.

import type { StateCreator } from 'zustand';
import type { StoredMessage } from '../db/database';
import type { ParleyState } from './index';
import type { Thread } from './messagesSlice';

export interface ThreadHistory {
  /** What is older than the window: more in the cache, only on the server, or nothing (the beginning). */
  older: 'cache' | 'server' | 'none';
  /** The window stops short of the newest message: newer ones are in the cache. */
  detached: boolean;
  /** A page is being read or fetched, at that end. */
  loading: 'older' | 'newer' | null;
  /** Loading older messages from the server failed: the next scroll to the top tries again. */
  failed: boolean;
  /** While detached: keys of messages that arrived below the window since it detached. */
  arrivedBelow: readonly string[];
  /** When the window detached (ms): a message sent after it is news, an older one is a refresh. */
  detachedAt: number;
  /**
   * The list shows the window's bottom (the user reads the newest): live messages may then
   * push its oldest rows out as they arrive (`trimLive`). Set by the message list.
   */
  atBottom: boolean;
}

export const FRESH_HISTORY: ThreadHistory = { older: 'cache', detached: false, loading: null, failed: false, arrivedBelow: [], detachedAt: 0, atBottom: false };

/** The most rows a thread holds in the store; the rest stays in the cache until scrolled to. */
export const WINDOW_MAX = 1000;
/** How far live messages may grow the window past WINDOW_MAX before its oldest rows are dropped (in one go, not one per message). */
export const LIVE_SLACK = 500;

export interface HistorySlice {
  /** By conversation ref; absent: FRESH_HISTORY. */
  history: Record<string, ThreadHistory>;
}

export const createHistorySlice: StateCreator<ParleyState, [], [], HistorySlice> = () => ({
  history: {},
});

export const historyOf = (s: Pick<ParleyState, 'history'>, ref: string): ThreadHistory => s.history[ref] ?? FRESH_HISTORY;

/** Sorts as the store does (mergeRows): sentAt, then key. */
export function compareRows(a: Pick<StoredMessage, 'sentAt' | 'key'>, b: Pick<StoredMessage, 'sentAt' | 'key'>): number {
  return a.sentAt - b.sentAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Rows written while a window is detached: the ones inside it (or already shown) go in;
 * newer ones stay in the cache, and those sent since the window detached count as arrived below.
 */
export function holdBackBelow(
  thread: Thread,
  history: ThreadHistory,
  rows: readonly StoredMessage[],
): { rows: StoredMessage[]; arrivedBelow: readonly string[] } {
  const newestKey = thread.keys[thread.keys.length - 1];
  const newest = newestKey === undefined ? undefined : thread.byKey[newestKey];
  if (!history.detached || !newest) return { rows: [...rows], arrivedBelow: history.arrivedBelow };
  const kept: StoredMessage[] = [];
  let arrived: string[] | null = null;
  for (const row of rows) {
    if (row.key in thread.byKey || compareRows(row, newest) <= 0) kept.push(row);
    else if (row.sentAt >= history.detachedAt && !history.arrivedBelow.includes(row.key) && !arrived?.includes(row.key)) {
      (arrived ??= [...history.arrivedBelow]).push(row.key);
    }
  }
  return { rows: kept, arrivedBelow: arrived ?? history.arrivedBelow };
}

/**
 * A window that live messages grew past WINDOW_MAX + LIVE_SLACK while the user reads its
 * bottom: its newest WINDOW_MAX rows, in the same step that added them. (Left to a step of its
 * own, the trim waited behind every step of a burst while each of them copied and walked
 * thousands of rows.) Null when it stays as it is: not that big, not at the bottom, detached,
 * or a page being read into it.
 */
export function trimLive(thread: Thread, history: ThreadHistory): { thread: Thread; history: ThreadHistory } | null {
  if (thread.keys.length <= WINDOW_MAX + LIVE_SLACK || !history.atBottom || history.detached || history.loading) return null;
  return { thread: trimWindow(thread, WINDOW_MAX, 'newest').thread, history: { ...history, older: 'cache' } };
}

/** The window with at most `max` rows, keeping the oldest or the newest end. Same object when nothing is cut. */
export function trimWindow(thread: Thread, max: number, keep: 'oldest' | 'newest'): { thread: Thread; cut: boolean } {
  if (thread.keys.length <= max) return { thread, cut: false };
  const keys = keep === 'oldest' ? thread.keys.slice(0, max) : thread.keys.slice(thread.keys.length - max);
  const byKey: Thread['byKey'] = {};
  for (const key of keys) byKey[key] = thread.byKey[key]!;
  return { thread: { keys, byKey }, cut: true };
}
