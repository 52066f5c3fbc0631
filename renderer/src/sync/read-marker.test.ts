// Read marks: told to main when the open conversation has unread messages and the window
// is visible, up to the newest message on screen that the server knows, once per mark.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef } from '../contract';
import { Tasks } from '../lib/tasks';
import { ALICE, ALICE_TALKER, conversation, incoming, startHarness } from '../testing/harness';
import { ReadMarker } from './read-marker';

const ref = conversationRef(ALICE.id, 'c1');

describe('read marks', () => {
  it('marks up to the newest message the server knows (not our own unsent one), with its id and time', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10, { unreadCount: 2 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20), incoming('c1', '42', 'two', 30));
    await h.client.openConversation(ref);
    await h.client.idle();
    // The cache page (empty) is shown first, then the server's page: the mark follows what is on screen.
    expect(h.fake.callsTo('conversations.markRead').at(-1)).toEqual({ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '42', upToSentAt: 30 });
    const before = h.fake.callsTo('conversations.markRead').length;

    // Our queued message (no ID yet) is newer, but it is not what the user read.
    await h.client.send(ref, 'mine, unsent');
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 1 } });
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toHaveLength(before);
  });

  it('sends one mark per newest message: the same mark never twice, a newer message a new one', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 10, { unreadCount: 0 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20));
    await h.client.openConversation(ref);
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]); // nothing unread

    for (let i = 0; i < 3; i++) {
      h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 1 } });
      await h.client.idle();
    }
    expect(h.fake.callsTo('conversations.markRead')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '41', upToSentAt: 20 }]);

    h.fake.emitBatch([
      { name: 'message.upserted', payload: { message: incoming('c1', '43', 'three', 40) } },
      { name: 'conversation.updated', payload: { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } } },
    ]);
    await h.client.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([
      { accountId: ALICE.id, conversationId: 'c1', upToMessageId: '41', upToSentAt: 20 },
      { accountId: ALICE.id, conversationId: 'c1', upToMessageId: '43', upToSentAt: 40 },
    ]);
  });

  it('waits for the paint that shows the message and for its storing: one mark after both, for every change before', async () => {
    // The harness's own client never marks (hidden); this marker is the one under test, with a paint and a cache we control.
    const h = await startHarness({ visible: false, conversations: [conversation('c1', 10, { unreadCount: 0 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20));
    await h.client.openConversation(ref);
    await h.client.idle();
    const paints: Array<() => void> = [];
    const tasks = new Tasks((e) => {
      throw e;
    });
    let stored = () => {};
    const settled = () => new Promise<void>((resolve) => (stored = resolve));
    const marker = new ReadMarker({ api: h.fake.api, store: h.client.store, tasks, isVisible: () => true, watchAttention: () => () => {}, afterPaint: (work) => (paints.push(work), () => {}), settled });
    marker.start();
    h.fake.emitBatch([
      { name: 'message.upserted', payload: { message: incoming('c1', '42', 'two', 30) } },
      { name: 'conversation.updated', payload: { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 1 } } },
    ]);
    h.fake.emit('conversation.updated', { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 2 } });
    await h.client.idle();
    // Shown, not yet painted: no mark went out while the message's frame was being made.
    expect(h.client.store.getState().threads[ref]!.keys).toEqual(['i:41', 'i:42']);
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
    expect(paints).toHaveLength(1);
    paints[0]!();
    await Promise.resolve();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]); // painted, not yet stored
    stored();
    await tasks.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '42', upToSentAt: 30 }]);
    marker.stop();
  });

  it('sends nothing while the window is hidden, whatever arrives', async () => {
    const h = await startHarness({ visible: false, conversations: [conversation('c1', 10, { unreadCount: 3 })] });
    h.server.messages.push(incoming('c1', '41', 'one', 20));
    await h.client.openConversation(ref);
    h.fake.emitBatch([
      { name: 'message.upserted', payload: { message: incoming('c1', '42', 'two', 30) } },
      { name: 'conversation.updated', payload: { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 4 } } },
    ]);
    await h.client.idle();
    expect(h.client.store.getState().threads[ref]!.keys).toEqual(['i:41', 'i:42']);
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);
  });

  it('marks only the open conversation, in its own account', async () => {
    const h = await startHarness({
      accounts: [ALICE, ALICE_TALKER],
      conversations: [conversation('c1', 10, { unreadCount: 5 }), conversation('c1', 20, { accountId: ALICE_TALKER.id, unreadCount: 1 })],
    });
    h.server.messages.push(incoming('c1', '7', 'talker', 20, ALICE_TALKER.id));
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]); // nothing open
    await h.client.openConversation(conversationRef(ALICE_TALKER.id, 'c1'));
    await h.client.idle();
    const marks = h.fake.callsTo('conversations.markRead');
    expect(marks.every((m) => m.accountId === ALICE_TALKER.id && m.conversationId === 'c1')).toBe(true);
    expect(marks.at(-1)).toEqual({ accountId: ALICE_TALKER.id, conversationId: 'c1', upToMessageId: '7', upToSentAt: 20 });
  });

  // markRead without `upToMessageId` means "everything is read". Opening a conversation whose
  // messages are not cached while its account is offline (or before the server's page
  // arrives) must not clear its unread count: the user saw none of them.
  it('does not mark a conversation read while none of its messages is on screen', async () => {
    const h = await startHarness({ connection: 'offline', conversations: [conversation('c1', 10, { unreadCount: 3 })] });
    await h.db.conversations.put(conversation('c1', 10, { unreadCount: 3 }));
    h.client.stop();
    h.db.close();
    const again = await startHarness({ dbName: h.dbName, connection: 'offline' });
    await again.client.openConversation(ref);
    await again.client.idle();
    expect(again.client.store.getState().threads[ref]!.keys).toEqual([]);
    expect(again.fake.callsTo('conversations.markRead')).toEqual([]);
  });
});
