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
});
