import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef, type AccountStatus, type Message } from '../contract';
import { ParleyDb } from '../db/database';
import { ok } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, CAPABILITIES, conversation, freshDbName, incoming, startHarness } from '../testing/harness';

const ref = conversationRef(ALICE.id, 'c1');

describe('accounts', () => {
  it('adds a second account without dropping the first, showing its cached conversations', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.put(conversation('t1', 30, { accountId: ALICE_TALKER.id, title: 'from the cache' }));
    seed.close();
    const h = await startHarness({ dbName, conversations: [conversation('c1', 10)] });
    const talker: AccountStatus = { account: ALICE_TALKER, connection: 'connecting', capabilities: { ...CAPABILITIES, signUp: false } };
    h.fake.handle('session.signIn', () => ok(talker));
    const result = await h.client.signIn({ protocol: 'talker', serverUrl: ALICE_TALKER.serverUrl, login: 'alice', password: 'x' });
    expect(result.ok).toBe(true);
    await h.client.idle();
    const s = h.client.store.getState();
    expect(s.accountOrder).toEqual([ALICE.id, ALICE_TALKER.id]);
    expect(s.conversationsByRef[conversationRef(ALICE_TALKER.id, 't1')]?.title).toBe('from the cache');
    expect(s.conversationsByRef[ref]).toBeDefined();
  });

  it('signs one account out and drops only its unsent messages', async () => {
    const h = await startHarness({ accounts: [ALICE, ALICE_TALKER], conversations: [conversation('c1', 10), conversation('t1', 20, { accountId: ALICE_TALKER.id })] });
    h.fake.handle('session.signOut', () => ok(null));
    await h.client.send(ref, 'never sent');
    await h.client.send(conversationRef(ALICE_TALKER.id, 't1'), 'stays');
    await h.client.signOut(ALICE.id);
    await h.client.idle();
    expect(h.client.store.getState().accountOrder).toEqual([ALICE_TALKER.id]);
    expect((await h.db.threadMessages.toArray()).map((r) => r.text)).toEqual(['stays']);
  });
});

describe('sending', () => {
  it('retries a failed message with the same nonce, and queues it again when main no longer holds it', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation(ref);
    await h.client.send(ref, 'try me');
    const row = () => Object.values(h.client.store.getState().threads[ref]!.byKey)[0]!;
    const nonce = row().nonce!;
    h.fake.emit('message.upserted', { message: { ...(row() as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    expect(row().status).toBe('failed');
    await h.client.retry(ref, row().key);
    expect(h.fake.callsTo('messages.retry')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', nonce }]);
    expect(row().status).toBe('queued');

    h.fake.emit('message.upserted', { message: { ...(row() as Message), status: 'failed', error: 'refused' } });
    await h.client.idle();
    h.fake.handle('messages.retry', () => ({ ok: false, error: { code: 'not-found', message: 'gone' } }));
    await h.client.retry(ref, row().key);
    expect(h.fake.callsTo('messages.send').at(-1)).toEqual({ accountId: ALICE.id, conversationId: 'c1', text: 'try me', nonce });
  });

  it('hands a version-1 outbox entry to main once, with its own nonce, and deletes it only then', async () => {
    const dbName = freshDbName();
    const seed = new ParleyDb(dbName);
    await seed.conversations.put(conversation('c1', 10));
    await seed.threadMessages.put({ accountId: ALICE.id, conversationId: 'c1', key: `n:${ALICE.userId}:old-nonce-1`, nonce: 'old-nonce-1', senderId: ALICE.userId, kind: 'text', text: 'from 0.1', sentAt: 5, status: 'sending', rev: 1 });
    await seed.outbox.bulkAdd([
      { accountId: ALICE.id, key: `n:${ALICE.userId}:old-nonce-1`, conversationId: 'c1' },
      { accountId: 'someone-else', key: 'n:9:z', conversationId: 'c1' },
    ]);
    seed.close();
    const h = await startHarness({ dbName });
    expect(h.fake.callsTo('messages.send')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', text: 'from 0.1', nonce: 'old-nonce-1' }]);
    expect((await h.db.outbox.toArray()).map((e) => e.accountId)).toEqual(['someone-else']);
    h.client.stop();
    h.db.close();
    const again = await startHarness({ dbName });
    expect(again.fake.callsTo('messages.send')).toEqual([]);
  });
});

describe('read marks', () => {
  it('tells main when the open conversation with unread messages is on screen, once per mark', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10, { unreadCount: 0 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20), incoming('c1', '42', 'two', 30));
    await h.client.openConversation(ref);
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } });
    await h.client.idle();
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } });
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '42', upToSentAt: 30 }]);
  });

  it('sends nothing while the window is hidden', async () => {
    const h = await startHarness({ visible: false, conversations: [conversation('c1', 10, { unreadCount: 3 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20));
    await h.client.openConversation(ref);
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
  });
});

describe('presence', () => {
  it('asks main to watch the peers on screen, per account that has presence, only when the set changes', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10), conversation('c2', 20, { peerId: '1003', memberIds: [ALICE.userId, '1003'] })] });
    h.fake.handle('presence.watch', () => ok(null));
    h.accounts[0]!.capabilities = { ...CAPABILITIES, presence: true };
    h.fake.emit('accounts.changed', { accounts: h.accounts });
    await h.client.idle();
    await h.client.openConversation(ref);
    await h.client.idle();
    expect(h.fake.callsTo('presence.watch')).toEqual([{ accountId: ALICE.id, userIds: ['1002', '1003'] }]);
  });
});
