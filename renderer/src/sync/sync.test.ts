import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ALICE, conversation, freshDbName, incoming, startHarness } from '../testing/harness';

describe('start-up and connection', () => {
  it('shows the cached list and thread at once when the server is down, without asking it', async () => {
    const dbName = freshDbName();
    const before = await startHarness({ dbName, conversations: [conversation('c1', 10), conversation('c2', 20)] });
    before.server.messages.push(incoming('c1', '1', 'seen before', 5));
    await before.client.openConversation('c1');
    before.client.stop();
    before.db.close();

    const after = await startHarness({ dbName, connection: 'offline' });
    const s = after.client.store.getState();
    expect(s.phase).toBe('signed-in');
    expect(s.dataState).toBe('cache');
    expect(Object.keys(s.conversationsById).sort()).toEqual(['c1', 'c2']);
    expect(after.fake.callsTo('conversations.list')).toEqual([]);

    await after.client.openConversation('c1');
    const thread = after.client.store.getState().threads.c1!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['seen before']);
    expect(after.fake.callsTo('messages.list')).toEqual([]);
  });

  it('refreshes the list and the open thread when the connection comes back', async () => {
    const h = await startHarness({ connection: 'offline', conversations: [conversation('c1', 10)] });
    await h.db.conversations.put(conversation('c1', 10));
    await h.client.openConversation('c1');
    h.server.messages.push(incoming('c1', '7', 'while you were away', 30));
    await h.setConnection('online');
    const s = h.client.store.getState();
    expect(s.connection).toBe('online');
    expect(s.dataState).toBe('live');
    expect(h.fake.callsTo('conversations.list')).toHaveLength(1);
    const thread = s.threads.c1!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['while you were away']);
  });

  it('returns to sign-in with the message when the session ends, keeping the cache', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    h.fake.emit('session.ended', { accountId: ALICE.id, reason: 'expired', message: 'Your session expired. Sign in again.' });
    await h.client.idle();
    const s = h.client.store.getState();
    expect(s.phase).toBe('signed-out');
    expect(s.sessionEndedNotice).toBe('Your session expired. Sign in again.');
    expect(s.conversationsById).toEqual({});
    expect(await h.db.conversations.count()).toBe(1);
  });

  it('ignores events for another account', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    h.fake.emit('message.upserted', { message: { ...incoming('c1', '5', 'not mine', 50), accountId: 'other' } });
    await h.client.idle();
    expect(await h.db.messages.count()).toBe(0);
  });
});
