import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageData } from '../adapter';
import { createMemoryLogger } from '../logger';
import { UnreadLedger } from '../unread';
import { fakeConversation } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const ME = '1';

function incoming(conversationId: string, id: string, sentAt: number, extra: Partial<MessageData> = {}): MessageData {
  return { conversationId, id, senderId: '2', kind: 'text', text: 't', sentAt, status: 'sent', ...extra };
}

async function ledger(opts: { serverCounts?: boolean; path?: string } = {}) {
  const changes: Array<[string, number]> = [];
  const path = opts.path ?? join(tempDir('unread'), 'unread.json');
  const l = await UnreadLedger.open({
    path,
    myUserId: ME,
    serverCounts: opts.serverCounts ?? false,
    log: createMemoryLogger(),
    onChange: (c, n) => changes.push([c, n]),
  });
  return { l, changes, path };
}

describe('UnreadLedger', () => {
  it('counts incoming messages once each, never our own, deleted or system ones', async () => {
    const { l, changes } = await ledger();
    l.onMessage(incoming('a', 'm1', 10));
    l.onMessage(incoming('a', 'm1', 10)); // the same push again (an edit, a re-delivery)
    l.onMessage(incoming('a', 'm2', 11, { senderId: ME }));
    l.onMessage(incoming('a', 'm3', 12, { deleted: true }));
    l.onMessage(incoming('a', 'm4', 13, { kind: 'system' }));
    l.onMessage(incoming('b', 'm5', 14));
    expect(l.count('a')).toBe(1);
    expect(l.total()).toBe(2);
    expect(changes).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('counts a call line only when it was missed or busy, and never the caller\'s own', async () => {
    const { l } = await ledger();
    const line = (id: string, outcome: 'ended' | 'declined' | 'missed' | 'busy', callerId = '2'): MessageData =>
      incoming('c', id, Number(id.slice(1)), { kind: 'call', senderId: callerId, call: { callId: `call-${id}`, media: 'video', outcome, callerId } });
    l.onMessage(line('m1', 'ended'));
    l.onMessage(line('m2', 'declined'));
    expect(l.count('c')).toBe(0);
    l.onMessage(line('m3', 'missed'));
    l.onMessage(line('m4', 'busy'));
    expect(l.count('c')).toBe(2);
    l.onMessage(line('m5', 'missed', ME)); // my own call that nobody answered
    expect(l.count('c')).toBe(2);
  });

  it('read marks zero the count, and only later messages count again', async () => {
    const { l } = await ledger();
    l.onMessage(incoming('a', 'm1', 10));
    l.onMessage(incoming('a', 'm2', 20));
    l.markRead('a', { id: 'm2', sentAt: 20 });
    expect(l.count('a')).toBe(0);
    l.onMessage(incoming('a', 'm0', 5)); // an older message arriving late was already read
    l.onMessage(incoming('a', 'm3', 30));
    expect(l.count('a')).toBe(1);
  });

  it('a read mark that reaches main after newer messages leaves those counted', async () => {
    const { l } = await ledger({ serverCounts: true });
    l.onMessage(incoming('a', '101', 10));
    l.onMessage(incoming('a', '102', 20)); // arrived while the window was still painting 101
    l.markRead('a', { id: '101', sentAt: 10 });
    expect(l.count('a')).toBe(1);
    expect(l.unsentReads()).toEqual([{ conversationId: 'a', upToMessageId: '101' }]);
    l.markRead('a', { id: '102', sentAt: 20 });
    expect(l.count('a')).toBe(0);
    // A late mark for an older message moves nothing back.
    l.markRead('a', { id: '101', sentAt: 10 });
    expect(l.count('a')).toBe(0);
    expect(l.unsentReads()).toEqual([{ conversationId: 'a', upToMessageId: '102' }]);
  });

  it('leaves muted conversations out of the badge total but keeps their count', async () => {
    const { l } = await ledger();
    l.onConversation({ ...fakeConversation('a'), muted: true });
    l.onMessage(incoming('a', 'm1', 10));
    l.onMessage(incoming('b', 'm2', 10));
    expect(l.count('a')).toBe(1);
    expect(l.total()).toBe(1);
    l.onConversationChanged('a', { muted: false });
    expect(l.total()).toBe(2);
  });

  it("takes the server's count where the protocol has one, and ignores it where it has not", async () => {
    const server = await ledger({ serverCounts: true });
    expect(server.l.onConversation({ ...fakeConversation('a'), unreadCount: 4 })).toBe(4);
    const local = await ledger({ serverCounts: false });
    local.l.onMessage(incoming('a', 'm1', 10));
    expect(local.l.onConversation({ ...fakeConversation('a'), unreadCount: 0 })).toBe(1);
  });

  it('survives a restart: counts and read marks are on disk', async () => {
    const first = await ledger();
    first.l.onMessage(incoming('a', 'm1', 10));
    first.l.markRead('b', { id: 'x', sentAt: 50 });
    await first.l.close();
    const second = await ledger({ path: first.path });
    expect(second.l.count('a')).toBe(1);
    second.l.onMessage(incoming('b', 'old', 40));
    expect(second.l.count('b')).toBe(0);
  });

  it('leaves message requests out of the total (muted ones too, unless asked to include them), and keeps both flags across a restart', async () => {
    const first = await ledger({ serverCounts: true });
    first.l.onConversation({ ...fakeConversation('req'), unreadCount: 2, request: true });
    first.l.onConversation({ ...fakeConversation('mute'), unreadCount: 3, muted: true });
    first.l.onConversation({ ...fakeConversation('plain'), unreadCount: 4 });
    expect(first.l.total()).toBe(4);
    expect(first.l.total({ includeMuted: true })).toBe(7);
    await first.l.close();
    const second = await ledger({ serverCounts: true, path: first.path });
    expect(second.l.count('req')).toBe(2);
    expect(second.l.total()).toBe(4);
    expect(second.l.total({ includeMuted: true })).toBe(7);
    second.l.onConversationChanged('req', { request: false });
    expect(second.l.total()).toBe(6);
    expect(second.changes).toContainEqual(['req', 2]); // the total moved: the core hears of it
  });

  it("server counts win, but a copy only covers messages up to its last one: later arrivals count on top, once", async () => {
    const { l } = await ledger({ serverCounts: true });
    const at = (id: string, sentAt: number) => incoming('a', id, sentAt);
    const copy = (unreadCount: number, last: string) => ({
      ...fakeConversation('a'),
      unreadCount,
      lastMessage: { messageId: last, senderId: '2', text: 't', sentAt: 1 },
    });
    l.onMessage(at('101', 1));
    l.onMessage(at('102', 2));
    // A list answer computed before 102 arrived: the server counted 101 only.
    expect(l.onConversation(copy(1, '101'))).toBe(2);
    // The same messages again (a resync after it): already counted.
    l.onMessage(at('101', 1));
    l.onMessage(at('102', 2));
    expect(l.count('a')).toBe(2);
    // A newer copy covers both, and says my other session read them.
    expect(l.onConversation(copy(0, '102'))).toBe(0);
    l.onMessage(at('102', 2)); // re-delivered: the copy covers it
    expect(l.count('a')).toBe(0);
    l.onMessage(at('103', 3));
    expect(l.count('a')).toBe(1);
  });

  it('a server copy that predates my own read mark does not bring the count back, and the mark is kept to send again', async () => {
    const first = await ledger({ serverCounts: true });
    const { l } = first;
    const copy = (unreadCount: number, last: string) => ({
      ...fakeConversation('a'),
      unreadCount,
      lastMessage: { messageId: last, senderId: '2', text: 't', sentAt: 1 },
    });
    l.onConversation(copy(2, '102'));
    l.markRead('a', { id: '102', sentAt: 2 });
    expect(l.unsentReads()).toEqual([{ conversationId: 'a', upToMessageId: '102' }]);
    expect(l.onConversation(copy(2, '102'))).toBe(0); // the server has not heard of the read yet
    expect(l.onConversation(copy(1, '103'))).toBe(1); // a newer message: the server's count again
    await l.close();
    const second = await ledger({ serverCounts: true, path: first.path });
    expect(second.l.unsentReads()).toEqual([{ conversationId: 'a', upToMessageId: '102' }]);
    second.l.readDelivered('a', '101'); // an older confirmation does not clear a newer mark
    expect(second.l.unsentReads()).toHaveLength(1);
    second.l.readDelivered('a', '102');
    expect(second.l.unsentReads()).toEqual([]);
  });
});
