import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../contract/events';
import { coalesceForWindows } from '../event-coalescing';
import { EventHub } from '../event-hub';
import { createMemoryLogger } from '../logger';

const unread = (total: number): ParleyEvent => ({ name: 'unread.changed', payload: { total, byAccount: { a: total } } });
const updated = (conversationId: string, changes: Record<string, unknown>, accountId = 'a'): ParleyEvent =>
  ({ name: 'conversation.updated', payload: { accountId, conversationId, changes } }) as ParleyEvent;
const message = (id: string): ParleyEvent =>
  ({ name: 'message.upserted', payload: { message: { accountId: 'a', conversationId: 'c', id, senderId: 'b', kind: 'text', text: id, sentAt: 1, status: 'sent' } } }) as ParleyEvent;

describe('coalesceForWindows', () => {
  it('keeps only the newest badge totals and unread count of a burst, and every message in order', () => {
    const batch: ParleyEvent[] = [];
    for (let i = 1; i <= 3; i++) batch.push(updated('c', { unreadCount: i }), message(String(i)), unread(i));
    expect(coalesceForWindows(batch)).toEqual([message('1'), message('2'), updated('c', { unreadCount: 3 }), message('3'), unread(3)]);
  });

  it('keeps an update that sets a field no later update of its conversation sets', () => {
    const batch = [updated('c', { unreadCount: 1, title: 'Old' }), updated('c', { unreadCount: 2 }), updated('c', { muted: true })];
    expect(coalesceForWindows(batch)).toEqual(batch);
    // The fields of all the later updates count together.
    const covered = [updated('c', { unreadCount: 1, muted: false }), updated('c', { unreadCount: 2 }), updated('c', { muted: true })];
    expect(coalesceForWindows(covered)).toEqual(covered.slice(1));
  });

  it('a field set to undefined later does not stand for the earlier value (JSON drops it)', () => {
    const batch = [updated('c', { title: 'Named' }), updated('c', { title: undefined })];
    expect(coalesceForWindows(batch)).toEqual(batch);
  });

  it('never merges different conversations or accounts', () => {
    const batch = [updated('c', { unreadCount: 1 }), updated('d', { unreadCount: 2 }), updated('c', { unreadCount: 3 }, 'other')];
    expect(coalesceForWindows(batch)).toEqual(batch);
  });

  it('hands back the batch itself when nothing is overridden', () => {
    const batch = [message('1'), unread(1), updated('c', { unreadCount: 1 })];
    expect(coalesceForWindows(batch)).toBe(batch);
  });
});

describe('EventHub listeners', () => {
  it('a window hears the coalesced batch, the core hears every event of it', () => {
    const hub = new EventHub(createMemoryLogger());
    const core: Array<readonly ParleyEvent[]> = [];
    const windows: Array<readonly ParleyEvent[]> = [];
    hub.on((batch) => core.push(batch));
    hub.on((batch) => windows.push(batch), { coalesce: true });
    // Read, then a new message: the notifier (a core listener) must see the count reach 0.
    hub.publish(updated('c', { unreadCount: 0 }));
    hub.publish(updated('c', { unreadCount: 1 }));
    hub.flush();
    expect(core).toEqual([[updated('c', { unreadCount: 0 }), updated('c', { unreadCount: 1 })]]);
    expect(windows).toEqual([[updated('c', { unreadCount: 1 })]]);
  });
});
