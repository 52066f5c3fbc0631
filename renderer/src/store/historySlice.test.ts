import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../db/database';
import { FRESH_HISTORY, holdBackBelow, trimWindow } from './historySlice';
import { mergeRows } from './messagesSlice';

const row = (id: number, sentAt = id * 1000): StoredMessage => ({
  accountId: 'a',
  conversationId: 'c',
  id: String(id),
  key: `i:${id}`,
  senderId: 'bob',
  kind: 'text',
  text: `m${id}`,
  sentAt,
  status: 'sent',
  rev: 1,
});

describe('a thread window', () => {
  it('trims the far end and keeps the rows at the end being read', () => {
    const thread = mergeRows(undefined, [1, 2, 3, 4, 5].map((i) => row(i)));
    expect(trimWindow(thread, 10, 'oldest').cut).toBe(false);
    const oldest = trimWindow(thread, 3, 'oldest');
    expect(oldest.thread.keys).toEqual(['i:1', 'i:2', 'i:3']);
    expect(Object.keys(oldest.thread.byKey).sort()).toEqual(['i:1', 'i:2', 'i:3']);
    expect(trimWindow(thread, 2, 'newest').thread.keys).toEqual(['i:4', 'i:5']);
  });

  it('detached: takes rows inside the window, holds back newer ones and counts those sent since it detached, once', () => {
    const thread = mergeRows(undefined, [10, 11, 12].map((i) => row(i)));
    const history = { ...FRESH_HISTORY, detached: true, detachedAt: 50_000 };
    const edited = { ...row(11), text: 'edited', rev: 2 };
    const refreshed = row(40); // older than the detachment: the newest page refreshed, not news
    const live = row(60);
    const first = holdBackBelow(thread, history, [edited, refreshed, live]);
    expect(first.rows).toEqual([edited]);
    expect(first.arrivedBelow).toEqual(['i:60']);
    const again = holdBackBelow(thread, { ...history, arrivedBelow: first.arrivedBelow }, [{ ...live, rev: 2 }]);
    expect(again.arrivedBelow).toEqual(['i:60']);
    // Attached: everything goes in.
    expect(holdBackBelow(thread, FRESH_HISTORY, [live]).rows).toEqual([live]);
  });
});
