// The client's group and conversation actions against a fake main: each asks main, shows
// main's answer at once (before main's own event), and leaves the cache consistent.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationRef, type Conversation, type Message } from '../contract';
import { ok } from '../testing/fakeParleyApi';
import { ALICE, BOB_ID, conversation, incoming, startHarness } from '../testing/harness';
import { selectSortedConversations } from '../store/selectors';

const CAROL = '1003';
const refOf = (id: string) => conversationRef(ALICE.id, id);
const refused = { ok: false as const, error: { code: 'forbidden' as const, message: 'only the group’s owner can change it' } };

function group(id: string, at: number, over: Partial<Conversation> = {}): Conversation {
  return conversation(id, at, { kind: 'group', title: 'Hike', memberIds: [ALICE.userId, BOB_ID, CAROL], peerId: undefined, ownerId: ALICE.userId, ...over });
}

describe('message requests', () => {
  it('accept clears the request and keeps the conversation; main is asked once', async () => {
    const h = await startHarness({ conversations: [conversation('r1', 10, { request: true })] });
    h.fake.handle('conversations.answerRequest', () => ok(null));
    const result = await h.client.answerRequest(refOf('r1'), 'accept');
    expect(result.ok).toBe(true);
    expect(h.fake.callsTo('conversations.answerRequest')).toEqual([{ accountId: ALICE.id, conversationId: 'r1', answer: 'accept' }]);
    expect(h.client.store.getState().conversationsByRef[refOf('r1')]?.request).toBe(false);
    expect((await h.db.conversations.get([ALICE.id, 'r1']))?.request).toBe(false);
  });

  it('delete and block take the conversation and its cached messages away', async () => {
    const h = await startHarness({ conversations: [conversation('r1', 10, { request: true }), conversation('r2', 20, { request: true })] });
    h.server.messages.push(incoming('r1', '1', 'hi, it’s Bob', 10), incoming('r2', '2', 'buy now', 20));
    h.fake.handle('conversations.answerRequest', () => ok(null));
    await h.client.openConversation(refOf('r1'));
    await h.client.idle();
    expect(await h.db.threadMessages.count()).toBe(1);
    await h.client.answerRequest(refOf('r1'), 'delete');
    await h.client.answerRequest(refOf('r2'), 'block');
    const s = h.client.store.getState();
    expect(s.conversationsByRef[refOf('r1')]).toBeUndefined();
    expect(s.conversationsByRef[refOf('r2')]).toBeUndefined();
    expect(s.openConversationRef).toBeNull();
    expect(await h.db.threadMessages.count()).toBe(0);
    expect(h.fake.callsTo('conversations.answerRequest').map((a) => a.answer)).toEqual(['delete', 'block']);
  });

  it('a refused answer changes nothing and hands the server’s reason back', async () => {
    const h = await startHarness({ conversations: [conversation('r1', 10, { request: true })] });
    h.fake.handle('conversations.answerRequest', () => ({ ok: false, error: { code: 'offline', message: 'You are offline' } }));
    const result = await h.client.answerRequest(refOf('r1'), 'block');
    expect(result).toEqual({ ok: false, error: { code: 'offline', message: 'You are offline' } });
    expect(h.client.store.getState().conversationsByRef[refOf('r1')]?.request).toBe(true);
  });
});

describe('delete conversation (clear history)', () => {
  it('removes it with its cached messages; a later message brings it back with only what is new', async () => {
    const h = await startHarness({ conversations: [group('g1', 10)] });
    h.server.messages.push(incoming('g1', '1', 'old', 10));
    h.fake.handle('conversations.clearHistory', () => ok(null));
    await h.client.openConversation(refOf('g1'));
    await h.client.idle();
    expect(await h.client.clearHistory(refOf('g1'))).toEqual({ ok: true, value: null });
    expect(h.client.store.getState().conversationsByRef[refOf('g1')]).toBeUndefined();
    expect(await h.db.threadMessages.count()).toBe(0);

    // The server now lists it again with only the newer message.
    h.server.messages.splice(0);
    const fresh: Message = incoming('g1', '2', 'new', 30);
    h.server.messages.push(fresh);
    h.server.conversations.splice(0, 1, group('g1', 30));
    h.fake.emit('message.upserted', { message: fresh });
    await h.client.idle();
    expect(h.client.store.getState().conversationsByRef[refOf('g1')]).toBeDefined();
    await h.client.openConversation(refOf('g1'));
    await h.client.idle();
    const thread = h.client.store.getState().threads[refOf('g1')]!;
    expect(thread.keys.map((k) => thread.byKey[k]!.text)).toEqual(['new']);
  });

  it('keeps a message that arrives in the same batch right after the removal', async () => {
    const h = await startHarness({ conversations: [group('g1', 10)] });
    h.fake.emitBatch([
      { name: 'conversation.removed', payload: { accountId: ALICE.id, conversationId: 'g1' } },
      { name: 'message.upserted', payload: { message: incoming('g1', '9', 'after the clear', 40) } },
    ]);
    await h.client.idle();
    expect((await h.db.threadMessages.toArray()).map((m) => m.text)).toEqual(['after the clear']);
  });
});

describe('mute, pin, block, leave', () => {
  it('pinned conversations stay on top of the list, newest first among them', async () => {
    const h = await startHarness({ conversations: [conversation('a', 10), conversation('b', 20), conversation('c', 30)] });
    h.fake.handle('conversations.setPinned', () => ok(null));
    const order = () => selectSortedConversations(h.client.store.getState()).map((c) => c.id);
    expect(order()).toEqual(['c', 'b', 'a']);
    await h.client.setPinned(refOf('a'), true);
    expect(order()).toEqual(['a', 'c', 'b']);
    // A new message elsewhere does not push the pinned one down.
    h.fake.emit('message.upserted', { message: incoming('b', '5', 'newer', 50) });
    await h.client.idle();
    expect(order()).toEqual(['a', 'b', 'c']);
    await h.client.setPinned(refOf('a'), false);
    expect(order()).toEqual(['b', 'c', 'a']);
  });

  it('shows mute and block as main answered; a refusal changes nothing', async () => {
    const h = await startHarness({ conversations: [conversation('d', 10)] });
    h.fake.handle('conversations.setMuted', () => ok(null));
    h.fake.handle('conversations.setBlocked', () => ok(null));
    await h.client.setMuted(refOf('d'), true);
    await h.client.setBlocked(refOf('d'), BOB_ID, true);
    expect(h.client.store.getState().conversationsByRef[refOf('d')]).toMatchObject({ muted: true, blockedUserIds: [BOB_ID] });
    await h.client.setBlocked(refOf('d'), BOB_ID, false);
    expect(h.client.store.getState().conversationsByRef[refOf('d')]?.blockedUserIds).toEqual([]);
    h.fake.handle('conversations.setMuted', () => refused);
    expect(await h.client.setMuted(refOf('d'), false)).toEqual(refused);
    expect(h.client.store.getState().conversationsByRef[refOf('d')]?.muted).toBe(true);
  });

  it('leaving a group removes it', async () => {
    const h = await startHarness({ conversations: [group('g1', 10)] });
    h.fake.handle('conversations.leave', () => ok(null));
    await h.client.leaveGroup(refOf('g1'));
    expect(h.client.store.getState().conversationsByRef[refOf('g1')]).toBeUndefined();
    expect(h.fake.callsTo('conversations.leave')).toEqual([{ accountId: ALICE.id, conversationId: 'g1' }]);
  });
});

describe('groups', () => {
  it('creates a group and opens it', async () => {
    const h = await startHarness();
    h.fake.handle('conversations.createGroup', ({ title, memberIds }) => ok(group('g9', 50, { title, memberIds: [ALICE.userId, ...memberIds] })));
    const result = await h.client.createGroup(ALICE.id, { title: 'Climbing', memberIds: [BOB_ID, CAROL], groupType: 'public' });
    expect(result.ok).toBe(true);
    expect(h.fake.callsTo('conversations.createGroup')).toEqual([{ accountId: ALICE.id, title: 'Climbing', memberIds: [BOB_ID, CAROL], groupType: 'public' }]);
    const s = h.client.store.getState();
    expect(s.openConversationRef).toBe(refOf('g9'));
    expect(s.conversationsByRef[refOf('g9')]?.title).toBe('Climbing');
  });

  it('shows the owner’s change from main’s answer; a refused change hands back the server’s reason', async () => {
    const h = await startHarness({ conversations: [group('g1', 10)] });
    h.fake.handle('conversations.updateGroup', ({ title }) => ok(group('g1', 10, { title: title! })));
    await h.client.updateGroup(refOf('g1'), { title: 'Weekend hike' });
    expect(h.client.store.getState().conversationsByRef[refOf('g1')]?.title).toBe('Weekend hike');
    h.fake.handle('conversations.updateGroup', () => refused);
    expect(await h.client.updateGroup(refOf('g1'), { removeMemberIds: [BOB_ID] })).toEqual(refused);
  });

  it('fetches the names of the open group’s members and senders once, for the runs and the panel', async () => {
    const h = await startHarness({ conversations: [group('g1', 10)] });
    h.server.messages.push({ ...incoming('g1', '1', 'hi', 10), senderId: '1009' });
    h.fake.handle('users.get', ({ ids }) => ok(ids.map((id) => ({ id, username: `u${id}`, displayName: `User ${id}` }))));
    await h.client.openConversation(refOf('g1'));
    await h.client.idle();
    const asked = h.fake.callsTo('users.get').flatMap((a) => a.ids).sort();
    expect(asked).toEqual([ALICE.userId, BOB_ID, CAROL, '1009'].sort());
    expect(h.client.store.getState().users[`${ALICE.id}#1009`]?.displayName).toBe('User 1009');
    // Opening it again asks for nobody new.
    await h.client.openConversation(refOf('g1'));
    await h.client.idle();
    expect(h.fake.callsTo('users.get').flatMap((a) => a.ids)).toHaveLength(asked.length);
  });
});
