// The Netalo adapter's conversation features against fakeNetaloServer: what each push maps
// to, malformed ones dropped without a crash, the exact requests each operation sends, and
// the coalescing of "delivered" marks. The same features against the real server are in
// main/core/test/conversations.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { NetaloAdapter, TYPING_LAPSES_MS } from '../adapter';
import { fakeNetaloServer, type FakeNetaloServer } from './fake-netalo-server';
import { nextEvent, nextState, record } from './helpers';

const ME = '1152921504606846977';
const PEER = '1152921504606846978';
const OTHER = '1152921504606846979';
const GROUP = '1152921504606847000';
const SECRET = 'SECRET-GROUP-NAME';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const fake = await fakeNetaloServer({ result: 0, uin: ME });
  const log = createMemoryLogger();
  const session: AdapterSession = { protocol: 'netalo', serverUrl: fake.url, userId: ME, username: 'me', displayName: 'Me', secret: { version: 1, value: 'f'.repeat(64) } };
  const adapter = new NetaloAdapter(session, log);
  cleanups.push(() => fake.close(), () => adapter.close());
  const isOnline = nextState(adapter, 'online');
  adapter.connect();
  const socket = await fake.nextSocket();
  await isOnline;
  return { fake, log, adapter, socket };
}

const group = (extra: object = {}) => ({
  group_id: GROUP,
  type: 2,
  name: 'Crew',
  owner_uin: PEER,
  occupants_uins: [ME, PEER, OTHER],
  created_at: 1_700_000_000,
  ...extra,
});

const message = (id: string, extra: object = {}) => ({
  message_id: id,
  group_id: GROUP,
  type: 1,
  message: `text ${id}`,
  sender_uin: PEER,
  nonce: '',
  created_at: 1_700_000_000_000_000 + Number(id.slice(-3)),
  ...extra,
});

/** Resolves with the payload of the next request named `event`, answered with `answer`. */
function nextRequest(fake: FakeNetaloServer, event: string, answer: unknown = { result: 0 }): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    fake.onRequest(event, (payload) => {
      resolve(payload as Record<string, unknown>);
      return answer;
    }),
  );
}

const warnings = (lines: string[]) => lines.filter((l) => l.includes(' WARN ') && l.includes('dropped'));

describe('Netalo conversation pushes', () => {
  it('maps group copies, removals, my other session\'s mute / pin / clear, and typing with its lapse', async () => {
    const { adapter, socket } = await setup();
    const events = record(adapter);
    const last = nextEvent(adapter, 'conversation-changed', (e) => 'pinned' in e.changes && e.changes.pinned === false);
    const before = Date.now();
    socket.emit('update_group', group({ unread_cnt: 0, accepted: false, blocked_uins: [OTHER], seen_list: [{ uin: PEER, message_id: '1152921504606847100' }] }));
    socket.emit('group', group({ group_id: '1152921504606847001' }));
    socket.emit('event', { type: 8, group_id: GROUP, sender_uin: PEER, receiver_uin: '', data: '' });
    socket.emit('event', { type: 8, group_id: GROUP, sender_uin: ME }); // my own, from another session: not "typing"
    socket.emit('event', { type: 9, group_id: GROUP, sender_uin: PEER });
    socket.emit('event', { type: 3, call_id: '1', group_id: GROUP }); // a call event: not handled yet, ignored
    socket.emit('delete_conversation', { group_id: GROUP });
    socket.emit('delete_group', { group_id: '1152921504606847001' });
    socket.emit('mute_group', { group_id: GROUP });
    socket.emit('unmute_group', { group_id: GROUP });
    socket.emit('pin_group', `{'group_id': ${GROUP}}`); // the document's pseudo-JSON, a bare big number
    socket.emit('unpin_group', { group_id: GROUP });
    await last;
    expect(events.map((e) => e.type)).toEqual([
      'conversation',
      'conversation',
      'typing',
      'typing',
      'conversation-removed',
      'conversation-removed',
      'conversation-changed',
      'conversation-changed',
      'conversation-changed',
      'conversation-changed',
    ]);
    expect(events[0]).toMatchObject({
      conversation: { id: GROUP, kind: 'group', ownerId: PEER, groupType: 'community', request: true, blockedUserIds: [OTHER], memberReceipts: [{ userId: PEER, readUpTo: '1152921504606847100' }] },
    });
    const typing = events[2]!.type === 'typing' ? events[2].typing : undefined;
    expect(typing).toMatchObject({ conversationId: GROUP, userId: PEER, typing: true });
    expect(typing!.expiresAt! - before).toBeGreaterThanOrEqual(TYPING_LAPSES_MS);
    expect(typing!.expiresAt! - Date.now()).toBeLessThanOrEqual(TYPING_LAPSES_MS);
    expect(events[3]).toEqual({ type: 'typing', typing: { conversationId: GROUP, userId: PEER, typing: false } });
    expect(events[4]).toEqual({ type: 'conversation-removed', conversationId: GROUP });
    expect(events[5]).toEqual({ type: 'conversation-removed', conversationId: '1152921504606847001' });
    expect(events.slice(6).map((e) => (e.type === 'conversation-changed' ? [e.conversationId, e.changes] : null))).toEqual([
      [GROUP, { muted: true }],
      [GROUP, { muted: false }],
      [GROUP, { pinned: true }],
      [GROUP, { pinned: false }],
    ]);
  });

  it('logs and drops malformed pushes of every new kind, never throws, and goes on', async () => {
    const { adapter, socket, log } = await setup();
    const events = record(adapter);
    socket.emit('update_group', group({ name: SECRET, received_list: [{ uin: 'me', message_id: 1 }] }));
    socket.emit('group', group({ name: SECRET, accepted: 'nope' }));
    socket.emit('update_group', group({ name: SECRET, blocked_uins: 'everyone' }));
    socket.emit('delete_conversation', { group: GROUP });
    socket.emit('mute_group', { group_id: -1 });
    socket.emit('pin_group', 'not json at all');
    socket.emit('unpin_group');
    socket.emit('event', { type: 'eight', group_id: GROUP, sender_uin: PEER });
    socket.emit('event', { type: 8, group_id: 'nowhere', sender_uin: PEER });
    socket.emit('event', { type: 8, sender_uin: PEER }); // typing without its group: dropped too
    socket.emit('message', message('1152921504606847200', { type: 10, attachments: '{broken', message: 'Bob did something' }));
    const alive = nextEvent(adapter, 'conversation-changed');
    socket.emit('mute_group', { group_id: GROUP });
    await alive;
    // The malformed system message is still a timeline line (never dropped); everything else malformed is gone.
    expect(events.map((e) => e.type)).toEqual(['message', 'conversation-changed']);
    expect(events[0]).toMatchObject({ message: { kind: 'system', text: 'Bob did something', system: { action: 'other', actorId: PEER } } });
    expect(warnings(log.lines)).toHaveLength(10);
    expect(log.lines.join('\n')).not.toContain(SECRET);
  });
});

describe('Netalo conversation requests', () => {
  it('sends each operation as the wire spec says, IDs as strings', async () => {
    const { fake, adapter } = await setup();
    const groupAck = { result: 0, group: group() };

    let req = nextRequest(fake, 'create_group', groupAck);
    const created = await adapter.createGroup({ title: 'Crew', memberIds: [PEER, OTHER, ME, PEER] });
    expect(await req).toEqual({ type: 2, name: 'Crew', owner_uin: ME, occupants_uins: [ME, PEER, OTHER] });
    expect(created).toMatchObject({ id: GROUP, kind: 'group', groupType: 'community' });
    req = nextRequest(fake, 'create_group', groupAck);
    await adapter.createGroup({ title: 'Open', memberIds: [PEER], groupType: 'public' });
    expect(await req).toMatchObject({ type: 3, name: 'Open' });

    req = nextRequest(fake, 'update_group', { result: 0, group: group({ name: 'Renamed' }) });
    const updated = await adapter.updateGroup({ conversationId: GROUP, title: 'Renamed', avatarUrl: 'https://x.test/a.png', addMemberIds: [OTHER], removeMemberIds: [PEER], ownerId: OTHER });
    expect(await req).toEqual({ group_id: GROUP, name: 'Renamed', avatar_url: 'https://x.test/a.png', owner_uin: OTHER, push_all: [OTHER], pull_all: [PEER] });
    expect(updated.title).toBe('Renamed');
    req = nextRequest(fake, 'update_group', groupAck);
    await adapter.updateGroup({ conversationId: GROUP, title: 'Only a name' });
    expect(await req).toEqual({ group_id: GROUP, name: 'Only a name' });

    const simple: Array<[string, () => Promise<void>, Record<string, unknown>]> = [
      ['leave_group', () => adapter.leaveGroup(GROUP), { group_id: GROUP }],
      ['delete_conversation', () => adapter.clearHistory(GROUP), { group_id: GROUP }],
      ['accept_group', () => adapter.acceptRequest(GROUP), { group_id: GROUP }],
      ['mute_group', () => adapter.setMuted(GROUP, true), { group_id: GROUP }],
      ['unmute_group', () => adapter.setMuted(GROUP, false), { group_id: GROUP }],
      ['pin_group', () => adapter.setPinned(GROUP, true), { group_id: GROUP }],
      ['unpin_group', () => adapter.setPinned(GROUP, false), { group_id: GROUP }],
      ['block_user', () => adapter.setBlocked({ conversationId: GROUP, userId: PEER, blocked: true }), { group_id: GROUP, blocked_uin: PEER }],
      ['unblock_user', () => adapter.setBlocked({ conversationId: GROUP, userId: PEER, blocked: false }), { group_id: GROUP, unblocked_uin: PEER, blocked_uin: PEER }],
      ['update_message', () => adapter.markRead({ conversationId: GROUP, upToMessageId: '1152921504606847100' }), { group_id: GROUP, message_id: '1152921504606847100', status: 3, message: '' }],
      ['register_profile_token', () => adapter.registerDevice('tok'), { uin: ME, type: 3, token: 'tok' }],
      ['unregister_profile_token', () => adapter.unregisterDevice('tok'), { uin: ME, token: 'tok' }],
    ];
    for (const [event, call, payload] of simple) {
      req = nextRequest(fake, event);
      await call();
      expect(await req, event).toEqual(payload);
    }

    req = nextRequest(fake, 'event');
    adapter.setTyping({ conversationId: GROUP, typing: true });
    expect(await req).toEqual({ type: 8, group_id: GROUP, sender_uin: ME, receiver_uin: '', data: '' });
    req = nextRequest(fake, 'event');
    adapter.setTyping({ conversationId: GROUP, typing: false });
    expect(await req).toEqual({ type: 9, group_id: GROUP, sender_uin: ME, receiver_uin: '', data: '' });
  });

  it("refusals come back with the server's reason", async () => {
    const { fake, adapter } = await setup();
    fake.onRequest('update_group', () => ({ result: 4, reason: "only the group's owner can change it" }));
    await expect(adapter.updateGroup({ conversationId: GROUP, title: 'x' })).rejects.toMatchObject({ code: 'forbidden', message: "only the group's owner can change it" });
  });
});

describe('delivered marks', () => {
  it('marks the newest message from others per conversation, one request in flight, never my own, deleted or system ones', async () => {
    const { fake, adapter, socket } = await setup();
    const marks: Array<Record<string, unknown>> = [];
    const answers: Array<(a: unknown) => void> = [];
    let arrived: (() => void) | undefined;
    fake.onRequest('update_message', (payload) => {
      marks.push(payload as Record<string, unknown>);
      arrived?.();
      return new Promise((resolve) => answers.push(resolve));
    });
    const nextMark = () => new Promise<void>((resolve) => (arrived = resolve));

    let mark = nextMark();
    socket.emit('message', message('1152921504606847101'));
    await mark;
    expect(marks).toEqual([{ group_id: GROUP, message_id: '1152921504606847101', status: 2, message: '' }]);
    // While that one waits for its answer: three more, one mine, one deleted, one system.
    const seen = nextEvent(adapter, 'message', (e) => e.message.id === '1152921504606847106');
    socket.emit('message', message('1152921504606847102'));
    socket.emit('message', message('1152921504606847103'));
    socket.emit('message', message('1152921504606847104', { sender_uin: ME }));
    socket.emit('message', message('1152921504606847105', { deleted: true }));
    socket.emit('message', message('1152921504606847106', { type: 10, attachments: '{"system":{"action":"left","actor":"1"}}' }));
    await seen;
    expect(marks).toHaveLength(1); // coalesced behind the one in flight
    mark = nextMark();
    answers.shift()!({ result: 0 });
    await mark;
    expect(marks.map((m) => m.message_id)).toEqual(['1152921504606847101', '1152921504606847103']);
    answers.shift()!({ result: 0 });

    // An older one arriving late (a resync) does not move the mark back.
    const late = nextEvent(adapter, 'message');
    socket.emit('message', message('1152921504606847100'));
    await late;
    // Nothing was sent for it: the next mark is for a newer message.
    mark = nextMark();
    socket.emit('message', message('1152921504606847107'));
    await mark;
    expect(marks.map((m) => m.message_id)).toEqual(['1152921504606847101', '1152921504606847103', '1152921504606847107']);
  });

  it('marks what a resync catches up on', async () => {
    const { fake, adapter } = await setup();
    fake.onRequest('list_message', () => ({
      result: 0,
      messages: [message('1152921504606847109', { change_id: '9' }), message('1152921504606847108', { change_id: '8' }), message('1152921504606847110', { change_id: '10', sender_uin: ME })],
    }));
    const mark = nextRequest(fake, 'update_message');
    await adapter.listChanges({ conversationId: GROUP, after: '1', limit: 100 });
    expect(await mark).toEqual({ group_id: GROUP, message_id: '1152921504606847109', status: 2, message: '' });
  });
});
