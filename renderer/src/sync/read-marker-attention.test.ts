// Read marks wait for the user's attention: an open conversation is not marked read while
// the window is hidden or unfocused, and is as soon as the user comes back to it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef } from '../contract';
import { Tasks } from '../lib/tasks';
import { ALICE, conversation, incoming, startHarness } from '../testing/harness';
import { ReadMarker } from './read-marker';

const ref = conversationRef(ALICE.id, 'c1');

describe('read marks and the window’s attention', () => {
  it('marks nothing while unfocused or hidden, then marks when focus returns', async () => {
    // The harness's own client never marks (hidden); this marker is the one under test.
    const h = await startHarness({ visible: false, conversations: [conversation('c1', 10, { unreadCount: 2 })] });
    let attending = false;
    let changed = () => {};
    const tasks = new Tasks((e) => {
      throw e;
    });
    const marker = new ReadMarker({
      api: h.fake.api,
      store: h.client.store,
      tasks,
      isVisible: () => attending,
      watchAttention: (listener) => {
        changed = listener;
        return () => (changed = () => {});
      },
    });
    marker.start();
    h.server.messages.push(incoming('c1', '41', 'one', 20), incoming('c1', '42', 'two', 30));
    await h.client.openConversation(ref);
    await h.client.idle();
    await tasks.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([]);

    // The window gets focus back: the open conversation is marked read at once, with no store change needed.
    attending = true;
    changed();
    await tasks.idle();
    expect(h.fake.callsTo('conversations.markRead')).toEqual([{ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '42', upToSentAt: 30 }]);

    // Away again: a new message stays unread until the user is back.
    attending = false;
    changed();
    h.fake.emitBatch([
      { name: 'message.upserted', payload: { message: incoming('c1', '43', 'three', 40) } },
      { name: 'conversation.updated', payload: { accountId: ALICE.id, conversationId: 'c1', changes: { unreadCount: 1 } } },
    ]);
    await h.client.idle();
    await tasks.idle();
    expect(h.fake.callsTo('conversations.markRead')).toHaveLength(1);
    attending = true;
    changed();
    await tasks.idle();
    expect(h.fake.callsTo('conversations.markRead').at(-1)).toEqual({ accountId: ALICE.id, conversationId: 'c1', upToMessageId: '43', upToSentAt: 40 });
    marker.stop();
  });
});
