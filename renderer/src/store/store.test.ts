import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../db/database';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { ALICE, conversation, incoming, startHarness } from '../testing/harness';
import { createParleyStore } from './index';
import { selectSortedConversations } from './selectors';

const ids = (state: Parameters<typeof selectSortedConversations>[0]) => selectSortedConversations(state).map((c) => c.id);

function row(key: string, sentAt: number, rev: number, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { ...incoming('c1', key, key, sentAt), key, rev, ...extra };
}

describe('conversations', () => {
  it('are listed newest activity first', () => {
    const store = createParleyStore(createFakeParleyApi().api);
    store.getState().upsertConversations([conversation('old', 10), conversation('new', 30), conversation('mid', 20)]);
    expect(ids(store.getState())).toEqual(['new', 'mid', 'old']);
    store.getState().upsertConversations([conversation('old', 40)]);
    expect(ids(store.getState())).toEqual(['old', 'new', 'mid']);
  });

  it('move to the top with a preview when a message arrives', async () => {
    const h = await startHarness({ conversations: [conversation('a', 10), conversation('b', 20)] });
    expect(ids(h.client.store.getState())).toEqual(['b', 'a']);
    h.fake.emit('message.upserted', { message: incoming('a', '900', 'hello', 50) });
    await h.client.idle();
    const s = h.client.store.getState();
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.conversationsById.a?.lastMessage).toMatchObject({ text: 'hello', sentAt: 50 });
    expect((await h.db.conversations.get([ALICE.id, 'a']))?.lastActivityAt).toBe(50);
  });

  it('keep a newer preview when a stale server copy arrives', async () => {
    const h = await startHarness({ conversations: [conversation('a', 10)] });
    h.fake.emit('message.upserted', { message: incoming('a', '900', 'newest', 50) });
    h.fake.emit('conversation.upserted', { conversation: conversation('a', 10, { title: 'Renamed' }) });
    await h.client.idle();
    expect(h.client.store.getState().conversationsById.a).toMatchObject({ title: 'Renamed', lastActivityAt: 50 });
  });
});

describe('messages', () => {
  it('merge by key: one row per message, the newest write wins, a stale write is ignored', () => {
    const store = createParleyStore(createFakeParleyApi().api);
    store.getState().showThread('c1', [row('k1', 10, 1, { status: 'queued' })]);
    store.getState().applyMessages([row('k1', 12, 3, { status: 'sent' }), row('k2', 11, 1)]);
    store.getState().applyMessages([row('k1', 10, 2, { status: 'sending' })]); // finished late
    const thread = store.getState().threads.c1!;
    expect(thread.keys).toEqual(['k2', 'k1']);
    expect(thread.byKey.k1).toMatchObject({ status: 'sent', sentAt: 12 });
  });

  it('merge a server copy that lost our nonce into the row that has it (by server ID)', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation('c1');
    const mine = await h.client.send('c1', 'mine');
    await h.client.idle();
    const sent = h.client.store.getState().threads.c1!.byKey[mine.key]!;
    const { key: _k, rev: _r, nonce: _n, ...withoutNonce } = sent;
    h.server.messages = [{ ...withoutNonce, status: 'read' }];
    await h.client.openConversation('c1'); // fetches the server's page
    const thread = h.client.store.getState().threads.c1!;
    expect(thread.keys).toEqual([mine.key]);
    expect(thread.byKey[mine.key]).toMatchObject({ status: 'read', nonce: mine.nonce });
    expect(await h.db.messages.count()).toBe(1);
  });

  it('fetch the conversation list when a message arrives for an unknown conversation', async () => {
    const h = await startHarness({ conversations: [conversation('known', 10)] });
    const listCalls = h.fake.callsTo('conversations.list').length;
    h.server.conversations.push(conversation('fresh', 99));
    h.fake.emit('message.upserted', { message: incoming('fresh', '901', 'hi there', 99) });
    await h.client.idle();
    expect(h.fake.callsTo('conversations.list').length).toBe(listCalls + 1);
    expect(ids(h.client.store.getState())).toEqual(['fresh', 'known']);
    expect(await h.db.messages.where('[accountId+id]').equals([ALICE.id, '901']).count()).toBe(1);
  });

  it('do not fetch the list for a message in a known conversation', async () => {
    const h = await startHarness({ conversations: [conversation('known', 10)] });
    const listCalls = h.fake.callsTo('conversations.list').length;
    h.fake.emit('message.upserted', { message: incoming('known', '902', 'hi', 20) });
    await h.client.idle();
    expect(h.fake.callsTo('conversations.list').length).toBe(listCalls);
  });

  it('show live in the open thread', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10)] });
    await h.client.openConversation('c1');
    h.fake.emit('message.upserted', { message: incoming('c1', '903', 'hello', 20) });
    await h.client.idle();
    const thread = h.client.store.getState().threads.c1!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['hello']);
  });
});
