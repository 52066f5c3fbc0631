// SCREENSHOT FAKE — not part of the app, never bundled into it.
// A canned `window.parley` for looking at the renderer before (or without) a real host
// and server: injected by screenshots.mjs with Playwright's addInitScript. The scenario
// (signed in or not, online or not, a sign-in error) comes from sessionStorage so that a
// reload can change it while IndexedDB (the cache under test) stays.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../contract/api';
import type { CommandName, SessionInfo } from '../../contract/commands';
import type { Account, Capabilities, Conversation, ConnectionState, Message, User } from '../../contract/domain';
import type { ErrorCode, Result } from '../../contract/errors';
import type { EventName } from '../../contract/events';

interface Scenario {
  signedIn: boolean;
  connection: ConnectionState;
  signInError?: ErrorCode;
  /** The first message sent fails for good (to show the failed state and Retry). */
  failFirstSend?: boolean;
}

const scenario: Scenario = {
  signedIn: true,
  connection: 'online',
  ...(JSON.parse(sessionStorage.getItem('parley-shot') ?? '{}') as Partial<Scenario>),
};

const SERVER = 'http://127.0.0.1:8080';
const ALICE: Account = {
  id: `netalo|${SERVER}|1001`,
  protocol: 'netalo',
  serverUrl: SERVER,
  userId: '1001',
  username: 'alice',
  displayName: 'Alice Martin',
};
const CAPABILITIES = { signUp: true, directConversations: true, userSearch: true } as unknown as Capabilities;

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
function say(conversationId: string, senderId: string, text: string, sentAt: number): Message {
  const m: Message = { accountId: ALICE.id, conversationId, id: String(nextId++), senderId, kind: 'text', text, sentAt, status: 'read' };
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

function conversation(id: string, title: string, peer: string | null, memberIds: string[]): Conversation {
  const last = messages.filter((m) => m.conversationId === id).sort((a, b) => b.sentAt - a.sentAt)[0];
  return {
    accountId: ALICE.id,
    id,
    kind: peer ? 'direct' : 'group',
    title,
    memberIds,
    peerId: peer ?? undefined,
    createdAt: now - 90 * DAY,
    lastActivityAt: last?.sentAt ?? now - 90 * DAY,
    lastMessage: last && { messageId: last.id, senderId: last.senderId, text: last.text, sentAt: last.sentAt },
    unreadCount: 0,
    muted: false,
    pinned: false,
  };
}

const conversations: Conversation[] = [
  conversation('c-bob', 'Bob Stone', '1002', ['1001', '1002']),
  conversation('c-carol', 'Carol Díaz', '1003', ['1001', '1003']),
  conversation('c-design', 'Design team', null, ['1001', '1003', '1004', '1005']),
  conversation('c-dan', 'Dan Okafor', '1004', ['1001', '1004']),
  conversation('c-eve', 'Eve Lindqvist', '1006', ['1001', '1006']),
];

let signedIn = scenario.signedIn;
let sendCount = 0;
const listeners = new Set<(event: EventName, payload: unknown) => void>();
const emit = (event: EventName, payload: unknown) => setTimeout(() => listeners.forEach((l) => l(event, payload)));

const info = (): SessionInfo => ({
  defaultServerUrl: SERVER,
  account: signedIn ? ALICE : null,
  connection: signedIn ? scenario.connection : 'signed-out',
  capabilities: signedIn ? CAPABILITIES : null,
});
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
const online = () => scenario.connection === 'online';

const handlers: Partial<Record<CommandName, (args: never) => Result<unknown>>> = {
  'session.get': () => ok(info()),
  'session.signIn': () => {
    if (scenario.signInError) return fail(scenario.signInError, 'canned error');
    signedIn = true;
    return ok(info());
  },
  'session.signUp': () => fail('username-taken', 'taken'),
  'session.signOut': () => {
    signedIn = false;
    return ok(null);
  },
  'conversations.list': () => (online() ? ok({ items: conversations }) : fail('offline', 'offline')),
  'messages.list': ({ conversationId }: { conversationId: string }) =>
    online()
      ? ok({ items: messages.filter((m) => m.conversationId === conversationId).sort((a, b) => b.sentAt - a.sentAt) })
      : fail('offline', 'offline'),
  'messages.send': ({ conversationId, text, nonce }: { conversationId: string; text: string; nonce: string }) => {
    if (!online()) return fail('offline', 'offline');
    if (scenario.failFirstSend && sendCount++ === 0) return fail('forbidden', 'The server refused this message');
    return ok({ accountId: ALICE.id, conversationId, id: String(nextId++), nonce, senderId: ALICE.userId, kind: 'text', text, sentAt: Date.now(), status: 'sent' } satisfies Message);
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
