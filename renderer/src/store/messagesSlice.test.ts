import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../db/database';
import { mergeRows } from './messagesSlice';

function row(key: string, sentAt: number, rev = 1, status: StoredMessage['status'] = 'sending'): StoredMessage {
  return { key, rev, accountId: 'a', conversationId: 'c', senderId: 'me', kind: 'text', text: key, sentAt, status } as StoredMessage;
}

describe('mergeRows', () => {
  it('keeps the same keys array when only a status changes, so the list does no re-sort or scroll work', () => {
    const thread = mergeRows(undefined, [row('a', 1), row('b', 2)]);
    const next = mergeRows(thread, [row('a', 1, 2, 'sent')]);
    expect(next).not.toBe(thread);
    expect(next.byKey.a!.status).toBe('sent');
    expect(next.keys).toBe(thread.keys);
  });

  it('re-sorts when a row is added, removed or moves in time', () => {
    const thread = mergeRows(undefined, [row('a', 1), row('b', 2)]);
    expect(mergeRows(thread, [row('c', 0)]).keys).toEqual(['c', 'a', 'b']);
    expect(mergeRows(thread, [], ['a']).keys).toEqual(['b']);
    expect(mergeRows(thread, [row('a', 3, 2)]).keys).toEqual(['b', 'a']);
  });

  it('places added rows among the shown ones in time order (newer appended, older and equal-time merged in)', () => {
    const thread = mergeRows(undefined, [row('b', 2), row('d', 4), row('f', 6)]);
    expect(mergeRows(thread, [row('h', 8), row('g', 7)]).keys).toEqual(['b', 'd', 'f', 'g', 'h']);
    expect(mergeRows(thread, [row('e', 5), row('a', 1), row('z', 9), row('c', 4)]).keys).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'z']);
    // The same as sorting everything again, for a burst of many.
    const many = Array.from({ length: 300 }, (_, i) => row(`m${i}`, (i * 7919) % 50));
    const merged = mergeRows(thread, many);
    const sorted = Object.keys(merged.byKey).sort((x, y) => merged.byKey[x]!.sentAt - merged.byKey[y]!.sentAt || (x < y ? -1 : x > y ? 1 : 0));
    expect(merged.keys).toEqual(sorted);
  });

  it('returns the same thread for rows already shown or older, and never changes the thread it was given', () => {
    const a = row('a', 1, 2);
    const thread = mergeRows(undefined, [a, row('b', 2)]);
    const before = { ...thread.byKey };
    expect(mergeRows(thread, [a, row('a', 1, 1)], ['gone'])).toBe(thread);
    const next = mergeRows(thread, [row('c', 3)], ['b']);
    expect(next.keys).toEqual(['a', 'c']);
    expect(thread.byKey).toEqual(before);
    expect(thread.keys).toEqual(['a', 'b']);
  });
});
