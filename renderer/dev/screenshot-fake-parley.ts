// SCREENSHOT FAKE — not part of the app, never bundled into it.
// A canned `window.parley` for looking at the renderer before (or without) a real host
// and server: injected by screenshots.mjs with Playwright's addInitScript. The scenario
// (signed in or not, online or not, a sign-in error) comes from sessionStorage so that a
// reload can change it while IndexedDB (the cache under test) stays.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../contract/api';
import type { CommandName, SessionInfo } from '../../contract/commands';
import type { Account, AccountStatus, Capabilities, Conversation, ConnectionState, Message, ProtocolInfo, User } from '../../contract/domain';
import type { ErrorCode, Result } from '../../contract/errors';
import type { EventName, ParleyEvent } from '../../contract/events';

interface Scenario {
  signedIn: boolean;
  connection: ConnectionState;
  signInError?: ErrorCode;
  /** The first message sent fails for good (to show the failed state and Retry). */
  failFirstSend?: boolean;
  /** Also signed in to talker: the unified inbox of two accounts. */
  talker?: boolean;
}

const scenario: Scenario = {
  signedIn: true,
  connection: 'online',
  ...(JSON.parse(sessionStorage.getItem('parley-shot') ?? '{}') as Partial<Scenario>),
};

const SERVER = 'http://127.0.0.1:8080';
const TALKER_SERVER = 'http://127.0.0.1:7455';
const ALICE: Account = {
  id: `netalo|${SERVER}|1001`,
  protocol: 'netalo',
  serverUrl: SERVER,
  userId: '1001',
  username: 'alice',
  displayName: 'Alice Martin',
};
const ALICE_TALKER: Account = {
  id: `talker|${TALKER_SERVER}|5`,
  protocol: 'talker',
  serverUrl: TALKER_SERVER,
  userId: '5',
  username: 'alice',
  displayName: 'alice',
};
const CAPABILITIES: Capabilities = {
  messaging: 'send-receive', signUp: true, directConversations: true, groups: false, groupAdmin: false, history: true,
  editMessages: false, deleteMessages: false, deliveryReceipts: false, readReceipts: false, unreadCounts: false, typing: false,
  presence: true, mute: false, pin: false, block: false, attachments: false, search: false, calls: false, userSearch: true, messageRequests: false, clearHistory: false, nudge: false,
};
const TALKER_CAPABILITIES: Capabilities = { ...CAPABILITIES, signUp: false, deliveryReceipts: true, readReceipts: true, unreadCounts: true, typing: true, presence: false, attachments: true };
const PROTOCOLS: ProtocolInfo[] = [
  { protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: SERVER, capabilities: CAPABILITIES },
  {
    protocol: 'talker', label: 'talker', fields: ['serverUrl', 'login', 'password'], defaultServerUrl: TALKER_SERVER, capabilities: TALKER_CAPABILITIES,
    note: 'talker accounts are created on the talker server with an email confirmation, not from Parley.',
  },
];

const USERS: User[] = [
  { id: '1002', username: 'bob', displayName: 'Bob Stone' },
  { id: '1003', username: 'carol', displayName: 'Carol Díaz' },
  { id: '1004', username: 'dan', displayName: 'Dan Okafor' },
  { id: '1005', username: 'dana', displayName: 'Dana Whitfield' },
  { id: '1006', username: 'eve', displayName: 'Eve Lindqvist' },
];

const now = Date.now();
const MIN = 60_000;
const DAY = 86_400_000;
const at = (daysAgo: number, hour: number, minute: number) => {
  const d = new Date(now - daysAgo * DAY);
  d.setHours(hour, minute, 0, 0);
  return Math.min(d.getTime(), now - MIN);
};

let nextId = 9000;
const messages: Message[] = [];
function say(conversationId: string, senderId: string, text: string, sentAt: number, accountId = ALICE.id): Message {
  const m: Message = { accountId, conversationId, id: String(nextId++), senderId, kind: 'text', text, sentAt, status: 'read' };
  messages.push(m);
  return m;
}

say('c-bob', '1002', 'Are we still on for dinner on Friday?', at(1, 18, 2));
say('c-bob', ALICE.userId, 'Yes! Same place as last time?', at(1, 18, 10));
say('c-bob', '1002', 'Perfect. I booked a table for 4.', at(1, 18, 11));
// Today's messages: minutes ago, so that they are "today" whatever the clock says.
say('c-bob', '1002', 'Here is the plan:\n1. Meet at the station at 6:30\n2. Walk over together\n3. Dessert somewhere else 🍰', now - 95 * MIN);
say('c-bob', ALICE.userId, 'Sounds great, see you there 👍', now - 91 * MIN);
say('c-bob', '1002', 'See you at 7 then!', now - 12 * MIN);
say('c-carol', '1003', 'Thanks for the notes from the meeting, they were really helpful.', at(1, 11, 20));
say('c-design', '1004', 'New mock-ups are in the shared folder — comments welcome before Thursday.', at(3, 16, 5));
say('c-dan', ALICE.userId, 'I will send you the invoice tomorrow.', at(6, 10, 0));
say('c-eve', '1006', 'It was lovely to meet you at the conference! Let me know when you are in Stockholm next time, I would be happy to show you around the old town.', at(40, 12, 30));

function conversation(id: string, title: string, peer: string | null, memberIds: string[], accountId = ALICE.id, unreadCount = 0): Conversation {
  const last = messages.filter((m) => m.accountId === accountId && m.conversationId === id).sort((a, b) => b.sentAt - a.sentAt)[0];
  return {
    accountId,
    id,
    kind: peer ? 'direct' : 'group',
    title,
    memberIds,
    peerId: peer ?? undefined,
    createdAt: now - 90 * DAY,
    lastActivityAt: last?.sentAt ?? now - 90 * DAY,
    lastMessage: last && { messageId: last.id, senderId: last.senderId, text: last.text, sentAt: last.sentAt },
    unreadCount,
    muted: false,
    pinned: false,
  };
}

// talker: conversations are per peer, keyed by the peer's (small) user id.
say('7', '7', 'Did you see the photos from the hike?', now - 40 * MIN, ALICE_TALKER.id);
say('7', '7', 'The view from the top was unreal 🏔️', now - 3 * MIN, ALICE_TALKER.id);
say('9', ALICE_TALKER.userId, 'Thanks, talk tomorrow!', at(2, 20, 15), ALICE_TALKER.id);

const conversations: Conversation[] = [
  ...(scenario.talker
    ? [conversation('7', 'marek', '7', ['5', '7'], ALICE_TALKER.id, 2), conversation('9', 'zofia', '9', ['5', '9'], ALICE_TALKER.id)]
    : []),
  conversation('c-bob', 'Bob Stone', '1002', ['1001', '1002']),
  conversation('c-carol', 'Carol Díaz', '1003', ['1001', '1003']),
  conversation('c-design', 'Design team', null, ['1001', '1003', '1004', '1005']),
  conversation('c-dan', 'Dan Okafor', '1004', ['1001', '1004']),
  conversation('c-eve', 'Eve Lindqvist', '1006', ['1001', '1006']),
];

let signedIn = scenario.signedIn;
let sendCount = 0;
const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
const emit = (name: EventName, payload: unknown) => setTimeout(() => listeners.forEach((l) => l([{ name, payload } as ParleyEvent])));

const statuses = (): AccountStatus[] =>
  signedIn
    ? [
        { account: ALICE, connection: scenario.connection, capabilities: CAPABILITIES },
        ...(scenario.talker ? [{ account: ALICE_TALKER, connection: scenario.connection, capabilities: TALKER_CAPABILITIES }] : []),
      ]
    : [];
const info = (): SessionInfo => ({ protocols: PROTOCOLS, accounts: statuses() });
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
const online = () => scenario.connection === 'online';
const unread = () => {
  const byAccount: Record<string, number> = {};
  for (const c of conversations) byAccount[c.accountId] = (byAccount[c.accountId] ?? 0) + c.unreadCount;
  return { total: Object.values(byAccount).reduce((a, b) => a + b, 0), byAccount };
};


type Args = { accountId: string; conversationId: string; text: string; nonce: string };

const handlers: Partial<Record<CommandName, (args: never) => Result<unknown>>> = {
  'session.get': () => {
    if (signedIn) emit('unread.changed', unread());
    return ok(info());
  },
  'session.signIn': () => {
    if (scenario.signInError) return fail(scenario.signInError, 'canned error');
    signedIn = true;
    return ok(statuses()[0]);
  },
  'session.signUp': () => fail('username-taken', 'taken'),
  'session.signOut': () => {
    signedIn = false;
    return ok(null);
  },
  'conversations.list': ({ accountId }: { accountId: string }) =>
    online() ? ok({ items: conversations.filter((c) => c.accountId === accountId) }) : fail('offline', 'offline'),
  'conversations.markRead': ({ accountId, conversationId }: { accountId: string; conversationId: string }) => {
    const c = conversations.find((x) => x.accountId === accountId && x.id === conversationId);
    if (c && c.unreadCount > 0) {
      c.unreadCount = 0;
      emit('conversation.updated', { accountId, conversationId, changes: { unreadCount: 0 } });
      emit('unread.changed', unread());
    }
    return ok(null);
  },
  'messages.pending': () => ok([]),
  'typing.set': () => ok(null),
  'messages.list': ({ accountId, conversationId }: { accountId: string; conversationId: string }) =>
    online()
      ? ok({ items: messages.filter((m) => m.accountId === accountId && m.conversationId === conversationId).sort((a, b) => b.sentAt - a.sentAt) })
      : fail('offline', 'offline'),
  // main's outbox: queued at once, then sending and sent (or failed) as events.
  'messages.send': ({ accountId, conversationId, text, nonce }: Args) => {
    const account = accountId === ALICE.id ? ALICE : ALICE_TALKER;
    const queued: Message = { accountId, conversationId, nonce, senderId: account.userId, kind: 'text', text, sentAt: Date.now(), status: 'queued' };
    if (online()) {
      const failNow = scenario.failFirstSend && sendCount++ === 0;
      emit('message.upserted', { message: { ...queued, status: 'sending' } });
      emit('message.upserted', {
        message: failNow ? { ...queued, status: 'failed', error: 'The server refused this message' } : { ...queued, id: String(nextId++), status: 'sent' },
      });
    }
    return ok(queued);
  },
  'users.search': ({ query }: { query: string }) =>
    online()
      ? ok(USERS.filter((u) => `${u.displayName} ${u.username}`.toLowerCase().includes(query.toLowerCase())))
      : fail('offline', 'offline'),
  'conversations.openDirect': ({ userId }: { userId: string }) => {
    const existing = conversations.find((c) => c.peerId === userId);
    if (existing) return ok(existing);
    const user = USERS.find((u) => u.id === userId)!;
    const created = conversation(`c-${user.username}`, user.displayName, user.id, [ALICE.userId, user.id]);
    conversations.push(created);
    return ok(created);
  },
};

const transport: ParleyTransport = {
  async invoke(command, args) {
    const handler = handlers[command] as ((a: unknown) => Result<unknown>) | undefined;
    return handler ? handler(args) : fail('unsupported', `screenshot fake: ${command}`);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const page = window as unknown as { parley: ParleyApi; parleyShot: { emit: typeof emit; setConnection(state: ConnectionState): void } };
page.parley = createParleyApi(transport);
// For the screenshot script: play main's side.
page.parleyShot = {
  emit,
  setConnection(state) {
    scenario.connection = state;
    emit('connection.changed', { accountId: ALICE.id, state });
  },
};
