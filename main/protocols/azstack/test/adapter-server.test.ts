// The AZStack adapter against the reference server's real AZStack front (in process, demo app
// `parley-demo`, its public key read from the file --demo writes): sign-in, 1:1 messages with
// delivered and seen, history and conversations, typing, recall, groups, presence, and the
// signalling of a 1:1 call between two adapters.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallSignal } from '../../../../contract/domain';
import { startServer, type RunningServer } from '../../../../server/start-server';
import type { AdapterEvent } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { tempDirsForFile } from '../../../core/test/temp-dirs';
import type { AzstackAdapter } from '../adapter';
import { azstackFactory } from '../factory';

const tempDir = tempDirsForFile();
let server: RunningServer;
let publicKey: string;
const cleanups: Array<() => unknown> = [];
type User = Awaited<ReturnType<typeof user>>;
// Signed in once for the file (each sign-in is two sockets and an RSA decryption); each test
// sees only the events that came during it.
let alice: User;
let bob: User;
beforeAll(async () => {
  const dataDir = tempDir('azstack');
  server = await startServer({ port: 0, azstackPort: 0, dataDir, demo: true, log: createMemoryLogger() });
  publicKey = readFileSync(join(dataDir, 'azstack', 'parley-demo.pub'), 'utf8').trim();
  [alice, bob] = await Promise.all([user('alice'), user('bob')]);
});
beforeEach(() => {
  alice.events.length = 0;
  bob.events.length = 0;
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await server?.close();
});

type Of<T extends AdapterEvent['type']> = Extract<AdapterEvent, { type: T }>;

async function user(name: string) {
  const session = await azstackFactory.signIn({ protocol: 'azstack', serverUrl: server.frontUrls.azstack!, appId: 'parley-demo', publicKey, username: name, password: `${name}-parley` });
  const adapter = azstackFactory.create(session, createMemoryLogger()) as AzstackAdapter;
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = <T extends AdapterEvent>(test: (e: AdapterEvent) => e is T, from = 0): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found as T);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  await next((e): e is AdapterEvent => e.type === 'connection' && e.state === 'online');
  return { session, adapter, events, next, me: session.userId };
}

const messageWith = (text: string) => (e: AdapterEvent): e is Of<'message'> => e.type === 'message' && e.message.text === text;
const signalOf = (kind: CallSignal['kind']) => (e: AdapterEvent): e is Of<'call-signal'> => e.type === 'call-signal' && e.signal.kind === kind;

describe('AZStack adapter with the reference server', () => {
  it('signs in with the demo app; a wrong password is invalid-credentials', async () => {
    expect(alice.session).toMatchObject({ protocol: 'azstack', username: 'alice', userId: expect.stringMatching(/^\d+$/) });
    await expect(
      azstackFactory.signIn({ protocol: 'azstack', serverUrl: server.frontUrls.azstack!, appId: 'parley-demo', publicKey, username: 'alice', password: 'nope' }),
    ).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('1:1: send and receive, delivered and seen per message, history, conversations with unread, recall', async () => {
    const conversation = await alice.adapter.openDirectConversation(bob.me);
    expect(conversation).toMatchObject({ id: `u:${bob.me}`, kind: 'direct', peerId: bob.me, title: expect.any(String) });
    const sent = await alice.adapter.sendMessage({ conversationId: conversation.id, text: 'hello bob', nonce: 'n-20000001' });
    expect(sent).toMatchObject({ conversationId: `u:${bob.me}`, senderId: alice.me, text: 'hello bob', id: expect.stringMatching(new RegExp(`^${alice.me}:\\d+$`)) });

    const received = (await bob.next(messageWith('hello bob'))).message;
    expect(received).toMatchObject({ conversationId: `u:${alice.me}`, id: sent.id, senderId: alice.me });
    // Bob's adapter says delivered by itself.
    const delivered = await alice.next((e): e is Of<'receipt'> => e.type === 'receipt' && e.receipt.kind === 'delivered');
    expect(delivered.receipt).toEqual({ conversationId: `u:${bob.me}`, userId: bob.me, kind: 'delivered', messageIds: [sent.id] });

    const list = await bob.adapter.listConversations();
    expect(list.items.find((c) => c.id === `u:${alice.me}`)).toMatchObject({ unreadCount: 1, lastMessage: { text: 'hello bob', messageId: sent.id } });
    const page = await bob.adapter.listMessages({ conversationId: `u:${alice.me}`, limit: 10 });
    expect(page.items[0]).toMatchObject({ id: sent.id, text: 'hello bob' });

    await bob.adapter.markRead({ conversationId: `u:${alice.me}`, upToMessageId: sent.id! });
    const seen = await alice.next((e): e is Of<'receipt'> => e.type === 'receipt' && e.receipt.kind === 'read');
    expect(seen.receipt).toEqual({ conversationId: `u:${bob.me}`, userId: bob.me, kind: 'read', upToMessageId: sent.id });
    expect((await bob.adapter.listConversations()).items.find((c) => c.id === `u:${alice.me}`)?.unreadCount).toBe(0);

    await alice.adapter.deleteMessage({ conversationId: conversation.id, messageId: sent.id! });
    const removed = await bob.next((e): e is Of<'message-removed'> => e.type === 'message-removed');
    expect(removed).toEqual({ type: 'message-removed', conversationId: `u:${alice.me}`, messageId: sent.id });
  });

  it('typing lapses by itself; presence is polled while watched', async () => {
    alice.adapter.setTyping({ conversationId: `u:${bob.me}`, typing: true });
    const typing = await bob.next((e): e is Of<'typing'> => e.type === 'typing' && e.typing.typing);
    expect(typing.typing).toMatchObject({ conversationId: `u:${alice.me}`, userId: alice.me, expiresAt: expect.any(Number) });
    alice.adapter.setTyping({ conversationId: `u:${bob.me}`, typing: false });
    bob.adapter.watchPresence([alice.me]);
    const presence = await bob.next((e): e is Of<'presence'> => e.type === 'presence');
    expect(presence.presence).toMatchObject({ userId: alice.me, online: true });
    bob.adapter.watchPresence([]);
  });

  it('groups: create, members hear of it, talk, rename', async () => {
    const group = await alice.adapter.createGroup({ title: 'Trip', memberIds: [bob.me] });
    expect(group).toMatchObject({ kind: 'group', title: 'Trip', ownerId: alice.me, id: expect.stringMatching(/^g:\d+$/) });
    expect(group.memberIds).toEqual(expect.arrayContaining([alice.me, bob.me]));
    const told = await bob.next((e): e is Of<'conversation'> => e.type === 'conversation' && e.conversation.id === group.id);
    expect(told.conversation).toMatchObject({ title: 'Trip', kind: 'group' });

    await alice.adapter.sendMessage({ conversationId: group.id, text: 'to the group', nonce: 'n-20000002' });
    expect((await bob.next(messageWith('to the group'))).message).toMatchObject({ conversationId: group.id, senderId: alice.me });

    await alice.adapter.updateGroup({ conversationId: group.id, title: 'Trip 2' });
    const renamed = await bob.next((e): e is Of<'conversation-changed'> => e.type === 'conversation-changed' && e.changes.title === 'Trip 2');
    expect(renamed.conversationId).toBe(group.id);
    expect((await bob.adapter.listConversations()).items.find((c) => c.id === group.id)).toMatchObject({ title: 'Trip 2' });
  });

  it('group admin: invite, remove, hand over, leave; delete-for-me and delete conversation', async () => {
    const carol = await user('carol');
    const group = await alice.adapter.createGroup({ title: 'Admins', memberIds: [bob.me] });
    const added = await alice.adapter.updateGroup({ conversationId: group.id, addMemberIds: [carol.me] });
    expect(added.memberIds).toEqual(expect.arrayContaining([alice.me, bob.me, carol.me]));
    // Carol, invited, hears of the whole group; Bob sees the member list change and a timeline line.
    await carol.next((e): e is Of<'conversation'> => e.type === 'conversation' && e.conversation.id === group.id);
    await bob.next((e): e is Of<'message'> => e.type === 'message' && e.message.conversationId === group.id && e.message.system?.action === 'members-added');

    const removed = await alice.adapter.updateGroup({ conversationId: group.id, removeMemberIds: [carol.me] });
    expect(removed.memberIds).not.toContain(carol.me);
    await carol.next((e): e is Of<'conversation-removed'> => e.type === 'conversation-removed' && e.conversationId === group.id);

    const handed = await alice.adapter.updateGroup({ conversationId: group.id, ownerId: bob.me });
    expect(handed.ownerId).toBe(bob.me);
    await bob.next((e): e is Of<'conversation-changed'> => e.type === 'conversation-changed' && e.changes.ownerId === bob.me);
    await alice.adapter.leaveGroup(group.id);
    await bob.next((e): e is Of<'message'> => e.type === 'message' && e.message.conversationId === group.id && e.message.system?.action === 'member-left');
    expect((await alice.adapter.listConversations()).items.some((c) => c.id === group.id)).toBe(false);

    // Bob deletes his copy of one of Alice's messages, then the whole conversation.
    const sent = await alice.adapter.sendMessage({ conversationId: `u:${bob.me}`, text: 'delete me', nonce: 'n-20000003' });
    await bob.next(messageWith('delete me'));
    await bob.adapter.deleteMessage({ conversationId: `u:${alice.me}`, messageId: sent.id! });
    expect((await bob.adapter.listMessages({ conversationId: `u:${alice.me}`, limit: 50 })).items.find((m) => m.id === sent.id && !m.deleted)).toBeUndefined();
    await bob.adapter.clearHistory(`u:${alice.me}`);
    expect((await bob.adapter.listMessages({ conversationId: `u:${alice.me}`, limit: 50 })).items).toEqual([]);
    expect((await alice.adapter.listMessages({ conversationId: `u:${bob.me}`, limit: 50 })).items.some((m) => m.id === sent.id)).toBe(true);
  });

  it('a 1:1 call: the caller\'s offer rings the callee, who rings back, answers, and the caller hangs up', async () => {
    const started = await alice.adapter.startCall({ conversationId: `u:${bob.me}`, media: 'video' });
    if (started.busy) throw new Error('busy');
    expect(started).toMatchObject({ callerOffers: true, calleeIds: [bob.me] });
    const callId = started.callId;
    await alice.adapter.sendCallMedia({ callId, conversationId: `u:${bob.me}`, toUserId: bob.me, signal: { type: 'offer', sdp: 'v=0 offer' } });
    await alice.adapter.sendCallMedia({ callId, conversationId: `u:${bob.me}`, toUserId: bob.me, signal: { type: 'candidate', candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    const invite = await bob.next(signalOf('invite'));
    expect(invite.signal).toMatchObject({ callId, callerId: alice.me, media: 'video', callerOffers: true });
    expect((await bob.next(signalOf('media'))).signal).toMatchObject({ signal: { type: 'offer', sdp: 'v=0 offer' } });

    await bob.adapter.sendCallEvent({ callId, conversationId: `u:${alice.me}`, toUserIds: [alice.me], event: { type: 'received' } });
    await alice.next(signalOf('received'));
    await bob.adapter.answerCall({ callId, conversationId: `u:${alice.me}`, answer: 'accept' });
    expect((await alice.next(signalOf('answer'))).signal).toMatchObject({ answer: 'accept', fromUserId: bob.me });
    await bob.adapter.sendCallMedia({ callId, conversationId: `u:${alice.me}`, toUserId: alice.me, signal: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await alice.next(signalOf('media'))).signal).toMatchObject({ signal: { type: 'answer', sdp: 'v=0 answer' } });

    await alice.adapter.stopCall({ callId, conversationId: `u:${bob.me}` });
    expect((await bob.next(signalOf('left'))).signal).toMatchObject({ callId, fromUserId: alice.me, reason: 'hung-up' });
  });
});
