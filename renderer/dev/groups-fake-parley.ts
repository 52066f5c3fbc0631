// SCREENSHOT FAKE FOR GROUPS — not part of the app, never bundled into it.
// A canned `window.parley` with groups, message requests and mute / pin / block, for
// screenshots-groups.mjs: Alice owns "Weekend hike", is a member of Carol's "Book club",
// has two message requests (Eve directly, Dan's "Launch party"), pinned Bob, muted Carol and
// blocked Frank. The group commands work (in memory) and answer with main's events.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../contract/api';
import type { CommandName, SessionInfo } from '../../contract/commands';
import type { Account, Capabilities, Conversation, Message, ProtocolInfo, SystemEvent, User } from '../../contract/domain';
import type { ErrorCode, Result } from '../../contract/errors';
import type { EventName, ParleyEvent } from '../../contract/events';

const SERVER = 'http://127.0.0.1:8080';
const ALICE: Account = { id: `netalo|${SERVER}|1001`, protocol: 'netalo', serverUrl: SERVER, userId: '1001', username: 'alice', displayName: 'Alice Martin' };
const A = ALICE.id;
const CAPABILITIES: Capabilities = {
  messaging: 'send-receive', signUp: true, directConversations: true, groups: true, groupAdmin: true, history: true,
  editMessages: false, deleteMessages: false, deliveryReceipts: true, readReceipts: true, unreadCounts: true, typing: true,
  presence: true, mute: true, pin: true, block: true, attachments: false, search: false, calls: false, userSearch: true,
  messageRequests: true, clearHistory: true, nudge: false,
};
const PROTOCOLS: ProtocolInfo[] = [{ protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: SERVER, capabilities: CAPABILITIES }];
const USERS: User[] = [
  { id: '1001', username: 'alice', displayName: 'Alice Martin' },
  { id: '1002', username: 'bob', displayName: 'Bob Stone' },
  { id: '1003', username: 'carol', displayName: 'Carol Díaz' },
  { id: '1004', username: 'dan', displayName: 'Dan Okafor' },
  { id: '1005', username: 'dana', displayName: 'Dana Whitfield' },
  { id: '1006', username: 'eve', displayName: 'Eve Lindqvist' },
  { id: '1007', username: 'frank', displayName: 'Frank Moreau' },
];
const nameOf = (id: string) => USERS.find((u) => u.id === id)?.displayName ?? id;

const now = Date.now();
const MIN = 60_000;
let nextId = 9000;
const messages: Message[] = [];
function say(conversationId: string, senderId: string, text: string, sentAt: number): Message {
  const m: Message = { accountId: A, conversationId, id: String(nextId++), senderId, kind: 'text', text, sentAt, status: 'read' };
  messages.push(m);
  return m;
}
function system(conversationId: string, event: SystemEvent, sentAt: number): Message {
  const m: Message = { accountId: A, conversationId, id: String(nextId++), senderId: event.actorId, kind: 'system', text: 'group changed', sentAt, status: 'sent', system: event };
  messages.push(m);
  return m;
}

system('g-hike', { action: 'created', actorId: '1001', title: 'Hike' }, now - 180 * MIN);
system('g-hike', { action: 'members-added', actorId: '1001', userIds: ['1002', '1003'] }, now - 179 * MIN);
say('g-hike', '1002', 'Who’s bringing snacks?', now - 170 * MIN);
say('g-hike', '1002', 'I can bring water for everyone.', now - 169 * MIN);
say('g-hike', '1003', 'I’ll make sandwiches 🥪', now - 160 * MIN);
say('g-hike', '1003', 'Vegetarian ones too.', now - 159 * MIN);
system('g-hike', { action: 'renamed', actorId: '1001', title: 'Weekend hike' }, now - 150 * MIN);
say('g-hike', '1001', 'Perfect, thank you both!', now - 149 * MIN);
system('g-hike', { action: 'members-added', actorId: '1001', userIds: ['1004'] }, now - 60 * MIN);
say('g-hike', '1004', 'Hi all! Thanks for having me.', now - 58 * MIN);
say('g-hike', '1002', 'Welcome Dan! We meet at 8 at the station.', now - 20 * MIN);

system('g-book', { action: 'created', actorId: '1003', title: 'Book club' }, now - 3000 * MIN);
system('g-book', { action: 'members-added', actorId: '1003', userIds: ['1001', '1006'] }, now - 2999 * MIN);
say('g-book', '1003', 'This month: “The Left Hand of Darkness”.', now - 2990 * MIN);
system('g-book', { action: 'member-left', actorId: '1006' }, now - 400 * MIN);
say('g-book', '1001', 'Halfway through, loving it.', now - 300 * MIN);

say('c-bob', '1002', 'See you at 8!', now - 15 * MIN);
say('c-carol', '1003', 'Sent you the recipe.', now - 90 * MIN);
say('c-eve', '1006', 'Hi Alice! We met at the conference last week. Could I ask you about your talk?', now - 5 * MIN);
system('g-launch', { action: 'created', actorId: '1004', title: 'Launch party' }, now - 40 * MIN);
system('g-launch', { action: 'members-added', actorId: '1004', userIds: ['1001', '1002'] }, now - 39 * MIN);
say('g-launch', '1004', 'Party on Friday, 7 pm! 🎉', now - 38 * MIN);
say('c-frank', '1007', 'Buy cheap watches now!!!', now - 2000 * MIN);

function conversation(id: string, title: string, peer: string | null, memberIds: string[], extra: Partial<Conversation> = {}): Conversation {
  const last = messages.filter((m) => m.conversationId === id).sort((a, b) => b.sentAt - a.sentAt)[0];
  return {
    accountId: A, id, kind: peer ? 'direct' : 'group', title, memberIds, ...(peer ? { peerId: peer } : { groupType: 'community' as const }),
    createdAt: now - 5000 * MIN, lastActivityAt: last?.sentAt ?? now - 5000 * MIN,
    ...(last ? { lastMessage: { messageId: last.id, senderId: last.senderId, text: last.text, sentAt: last.sentAt } } : {}),
    unreadCount: 0, muted: false, pinned: false, ...extra,
  };
}
const conversations: Conversation[] = [
  conversation('g-hike', 'Weekend hike', null, ['1001', '1002', '1003', '1004'], { ownerId: '1001' }),
  conversation('g-book', 'Book club', null, ['1001', '1003'], { ownerId: '1003' }),
  conversation('c-bob', 'Bob Stone', '1002', ['1001', '1002'], { pinned: true }),
  conversation('c-carol', 'Carol Díaz', '1003', ['1001', '1003'], { muted: true, unreadCount: 2 }),
  conversation('c-eve', 'Eve Lindqvist', '1006', ['1001', '1006'], { request: true, unreadCount: 1 }),
  conversation('g-launch', 'Launch party', null, ['1001', '1002', '1004'], { ownerId: '1004', request: true }),
  conversation('c-frank', 'Frank Moreau', '1007', ['1001', '1007'], { blockedUserIds: ['1007'] }),
];

const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
const emit = (name: EventName, payload: unknown) => setTimeout(() => listeners.forEach((l) => l([{ name, payload } as ParleyEvent])));
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
const find = (id: string) => conversations.find((c) => c.id === id);
function change(id: string, changes: Partial<Conversation>) {
  const c = find(id)!;
  Object.assign(c, changes);
  emit('conversation.updated', { accountId: A, conversationId: id, changes });
}
function announce(conversationId: string, event: SystemEvent) {
  emit('message.upserted', { message: system(conversationId, event, Date.now()) });
}
function remove(id: string) {
  conversations.splice(conversations.indexOf(find(id)!), 1);
  emit('conversation.removed', { accountId: A, conversationId: id });
}

type Args = Record<string, unknown> & { accountId: string; conversationId: string };
const handlers: Partial<Record<CommandName, (args: Args) => Result<unknown>>> = {
  'session.get': () => {
    emit('presence.changed', { presence: { accountId: A, userId: '1002', online: true } });
    emit('presence.changed', { presence: { accountId: A, userId: '1003', online: false, lastSeenAt: now - 30 * MIN } });
    emit('presence.changed', { presence: { accountId: A, userId: '1004', online: true } });
    return ok<SessionInfo>({ protocols: PROTOCOLS, accounts: [{ account: ALICE, connection: 'online', capabilities: CAPABILITIES }] });
  },
  'conversations.list': () => ok({ items: conversations }),
  'conversations.markRead': () => ok(null),
  'messages.pending': () => ok([]),
  'typing.set': () => ok(null),
  'presence.watch': () => ok(null),
  'messages.list': ({ conversationId }) => ok({ items: messages.filter((m) => m.conversationId === conversationId).sort((a, b) => b.sentAt - a.sentAt) }),
  'messages.send': ({ conversationId, text, nonce }) => {
    const queued: Message = { accountId: A, conversationId, nonce: nonce as string, senderId: ALICE.userId, kind: 'text', text: text as string, sentAt: Date.now(), status: 'queued' };
    emit('message.upserted', { message: { ...queued, id: String(nextId++), status: 'sent' } });
    return ok(queued);
  },
  'users.search': ({ query }) => ok(USERS.filter((u) => u.id !== ALICE.userId && `${u.displayName} ${u.username}`.toLowerCase().includes(String(query).toLowerCase()))),
  'users.get': ({ ids }) => ok(USERS.filter((u) => (ids as string[]).includes(u.id))),
  'conversations.openDirect': ({ userId }) => ok(conversations.find((c) => c.peerId === userId) ?? conversation(`c-${String(userId)}`, nameOf(String(userId)), String(userId), ['1001', String(userId)])),
  'conversations.createGroup': ({ title, memberIds }) => {
    const id = `g-${nextId++}`;
    system(id, { action: 'created', actorId: '1001', title: String(title) }, Date.now());
    const c = conversation(id, String(title), null, ['1001', ...(memberIds as string[])], { ownerId: '1001' });
    conversations.push(c);
    return ok(c);
  },
  'conversations.updateGroup': ({ conversationId, title, avatarUrl, addMemberIds, removeMemberIds, ownerId }) => {
    const c = find(conversationId)!;
    if (c.ownerId !== ALICE.userId) return fail('forbidden', 'only the group’s owner can change it');
    if (title) (c.title = String(title)), announce(c.id, { action: 'renamed', actorId: '1001', title: String(title) });
    if (avatarUrl !== undefined) (c.avatarUrl = String(avatarUrl)), announce(c.id, { action: 'avatar-changed', actorId: '1001' });
    if (addMemberIds) (c.memberIds = [...c.memberIds, ...(addMemberIds as string[])]), announce(c.id, { action: 'members-added', actorId: '1001', userIds: addMemberIds as string[] });
    if (removeMemberIds) (c.memberIds = c.memberIds.filter((m) => !(removeMemberIds as string[]).includes(m))), announce(c.id, { action: 'member-removed', actorId: '1001', userIds: removeMemberIds as string[] });
    if (ownerId) (c.ownerId = String(ownerId)), announce(c.id, { action: 'owner-changed', actorId: '1001', userIds: [String(ownerId)] });
    return ok({ ...c });
  },
  'conversations.leave': ({ conversationId }) => (remove(conversationId), ok(null)),
  'conversations.clearHistory': ({ conversationId }) => (remove(conversationId), ok(null)),
  'conversations.setMuted': ({ conversationId, muted }) => (change(conversationId, { muted: Boolean(muted) }), ok(null)),
  'conversations.setPinned': ({ conversationId, pinned }) => (change(conversationId, { pinned: Boolean(pinned) }), ok(null)),
  'conversations.setBlocked': ({ conversationId, userId, blocked }) => {
    const now = find(conversationId)!.blockedUserIds ?? [];
    change(conversationId, { blockedUserIds: blocked ? [...now, String(userId)] : now.filter((id) => id !== userId) });
    return ok(null);
  },
  'conversations.answerRequest': ({ conversationId, answer }) => {
    if (answer === 'accept') change(conversationId, { request: false });
    else remove(conversationId);
    return ok(null);
  },
};

const transport: ParleyTransport = {
  async invoke(command, args) {
    const handler = handlers[command];
    return handler ? handler(args as Args) : fail('unsupported', `groups screenshot fake: ${command}`);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

(window as unknown as { parley: ParleyApi }).parley = createParleyApi(transport);
