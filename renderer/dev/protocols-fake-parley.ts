// PROTOCOLS SCREENSHOT FAKE — not part of the app, never bundled into it.
// A canned `window.parley` with five protocols (Netalo, talker, Haraj, Mingdao, AZStack)
// and, when signed in, four accounts (Netalo, Haraj, Mingdao, AZStack): an Arabic Haraj
// conversation, a Chinese Mingdao one with a nudge and no server history, a Mingdao group
// where everyone is muted, an AZStack one. Injected by screenshots-protocols.mjs; the
// scenario (signed in or not) comes from sessionStorage.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../contract/api';
import type { CommandName, SessionInfo } from '../../contract/commands';
import type { Account, AccountStatus, Capabilities, Conversation, Message, ProtocolInfo, User } from '../../contract/domain';
import type { ErrorCode, Result } from '../../contract/errors';
import type { EventName, ParleyEvent } from '../../contract/events';

const scenario = { signedIn: true, ...(JSON.parse(sessionStorage.getItem('parley-shot') ?? '{}') as { signedIn?: boolean }) };

const url = (port: number) => `http://127.0.0.1:${port}`;
const account = (protocol: Account['protocol'], port: number, userId: string, displayName: string): Account => ({
  id: `${protocol}|${url(port)}|${userId}`,
  protocol,
  serverUrl: url(port),
  userId,
  username: 'alice',
  displayName,
});
const NETALO = account('netalo', 7450, '1001', 'Alice Martin');
const HARAJ = account('haraj', 7456, '31', 'Alice Martin');
const MINGDAO = account('mingdao', 7457, '41', 'Alice Martin');
const AZSTACK = account('azstack', 7458, '51', 'alice');

const BASE: Capabilities = {
  messaging: 'send-receive', signUp: false, directConversations: true, groups: false, groupAdmin: false, history: true,
  editMessages: false, deleteMessages: false, deliveryReceipts: false, readReceipts: true, unreadCounts: true, typing: true,
  presence: false, mute: false, pin: false, block: false, attachments: false, search: false, calls: false, userSearch: true,
  messageRequests: false, clearHistory: false, nudge: false,
};
const CAPS: Record<string, Capabilities> = {
  netalo: { ...BASE, signUp: true, presence: true, mute: true, pin: true },
  talker: BASE,
  haraj: BASE,
  mingdao: { ...BASE, groups: true, history: false, pin: true, nudge: true },
  azstack: { ...BASE, groups: true, calls: true },
};
const PROTOCOLS: ProtocolInfo[] = [
  { protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: url(7450), capabilities: CAPS.netalo! },
  { protocol: 'talker', label: 'talker', fields: ['serverUrl', 'login', 'password'], defaultServerUrl: url(7455), capabilities: CAPS.talker! },
  { protocol: 'haraj', label: 'Haraj', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: url(7456), capabilities: CAPS.haraj! },
  { protocol: 'mingdao', label: 'Mingdao', fields: ['serverUrl', 'login', 'password'], defaultServerUrl: url(7457), capabilities: CAPS.mingdao! },
  {
    protocol: 'azstack', label: 'AZStack', fields: ['serverUrl', 'appId', 'publicKey', 'username', 'password'], defaultServerUrl: url(7458), capabilities: CAPS.azstack!,
    note: 'AZStack accounts belong to an app: its developer gives you the app ID and the app’s public key.',
  },
];
const ACCOUNTS = [NETALO, HARAJ, MINGDAO, AZSTACK];

const USERS: Record<string, User[]> = {
  [HARAJ.id]: [{ id: '32', username: 'ahmad', displayName: 'أحمد العتيبي' }],
  [MINGDAO.id]: [
    { id: '42', username: 'bob', displayName: '王小明' },
    { id: '43', username: 'carol', displayName: '李娜' },
  ],
};

const now = Date.now();
const MIN = 60_000;
let nextId = 9000;
const messages: Message[] = [];
function say(a: Account, conversationId: string, senderId: string, text: string, sentAt: number, kind: Message['kind'] = 'text'): Message {
  const m: Message = { accountId: a.id, conversationId, id: String(nextId++), senderId, kind, text, sentAt, status: 'read' };
  messages.push(m);
  return m;
}

say(NETALO, 'c-bob', '1002', 'See you at 7 then!', now - 12 * MIN);
// Haraj: a buyer asks about a car, in Arabic (with digits and a Latin model name inside).
say(HARAJ, 't-1', '32', 'السلام عليكم، هل السيارة ما زالت متوفرة؟', now - 30 * MIN);
say(HARAJ, 't-1', HARAJ.userId, 'وعليكم السلام، نعم متوفرة.', now - 28 * MIN);
say(HARAJ, 't-1', '32', 'كم آخر سعر لـ Camry 2019؟ وهل يمكن أن أراها غداً الساعة 5 مساءً؟', now - 26 * MIN);
say(HARAJ, 't-1', HARAJ.userId, 'The last price is 45,000 SAR — see you tomorrow at 5.', now - 20 * MIN);
say(HARAJ, 't-1', '32', 'تمام، أشوفك بكرة إن شاء الله 👍', now - 18 * MIN);
// Mingdao: a direct conversation with a nudge; no history beyond what this device saw.
say(MINGDAO, 'u-42', '42', '下午的会议改到三点了。', now - 9 * MIN);
say(MINGDAO, 'u-42', MINGDAO.userId, '好的，我会准时到。', now - 8 * MIN);
say(MINGDAO, 'u-42', '42', '', now - 6 * MIN, 'nudge');
say(MINGDAO, 'u-42', '42', '材料准备好了吗？', now - 5 * MIN);
say(MINGDAO, 'g-7', '43', '本周五之前请提交报告。', now - 50 * MIN);
// AZStack.
say(AZSTACK, 'u-52', '52', 'The build is green again, thanks!', now - 2 * MIN);

function conversation(a: Account, id: string, title: string, peer: string | null, extra: Partial<Conversation> = {}): Conversation {
  const last = messages.filter((m) => m.accountId === a.id && m.conversationId === id).sort((x, y) => y.sentAt - x.sentAt)[0];
  return {
    accountId: a.id, id, kind: peer ? 'direct' : 'group', title, memberIds: [a.userId, ...(peer ? [peer] : ['42', '43'])],
    ...(peer ? { peerId: peer } : {}),
    createdAt: now - 9000 * MIN, lastActivityAt: last?.sentAt ?? now - 9000 * MIN,
    ...(last ? { lastMessage: { messageId: last.id, senderId: last.senderId, text: last.text, sentAt: last.sentAt, ...(last.kind === 'nudge' ? { kind: 'nudge' as const } : {}) } } : {}),
    unreadCount: 0, muted: false, pinned: false, ...extra,
  };
}
const conversations: Conversation[] = [
  conversation(NETALO, 'c-bob', 'Bob Stone', '1002'),
  conversation(HARAJ, 't-1', 'أحمد العتيبي', '32', { unreadCount: 1 }),
  conversation(MINGDAO, 'u-42', '王小明', '42', { unreadCount: 2 }),
  conversation(MINGDAO, 'g-7', '产品团队', null, { permissions: { send: false, reason: 'An admin has muted everyone in this group.' } }),
  conversation(AZSTACK, 'u-52', 'dan', '52'),
];

const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
const emit = (name: EventName, payload: unknown) => setTimeout(() => listeners.forEach((l) => l([{ name, payload } as ParleyEvent])));
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
const statuses = (): AccountStatus[] =>
  scenario.signedIn ? ACCOUNTS.map((a) => ({ account: a, connection: 'online', capabilities: CAPS[a.protocol]! })) : [];
const unread = () => {
  const byAccount: Record<string, number> = {};
  for (const c of conversations) byAccount[c.accountId] = (byAccount[c.accountId] ?? 0) + c.unreadCount;
  return { total: Object.values(byAccount).reduce((x, y) => x + y, 0), byAccount };
};

type Args = Record<string, unknown> & { accountId: string; conversationId: string };
const handlers: Partial<Record<CommandName, (args: Args) => Result<unknown>>> = {
  'session.get': () => {
    if (scenario.signedIn) emit('unread.changed', unread());
    // Mingdao has no history to ask for: what this device has, it got live (as main delivers it).
    if (scenario.signedIn) for (const m of messages.filter((x) => !CAPS[ACCOUNTS.find((a) => a.id === x.accountId)!.protocol]!.history)) emit('message.upserted', { message: m });
    return ok<SessionInfo>({ protocols: PROTOCOLS, accounts: statuses() });
  },
  'session.signIn': () => fail('invalid-credentials', 'canned error'),
  'conversations.list': ({ accountId }) => ok({ items: conversations.filter((c) => c.accountId === accountId) }),
  'conversations.markRead': () => ok(null),
  'messages.pending': () => ok([]),
  'typing.set': () => ok(null),
  'presence.watch': () => ok(null),
  'messages.list': ({ accountId, conversationId }) =>
    ok({ items: messages.filter((m) => m.accountId === accountId && m.conversationId === conversationId).sort((x, y) => y.sentAt - x.sentAt) }),
  'users.get': ({ accountId, ids }) => ok((USERS[accountId] ?? []).filter((u) => (ids as string[]).includes(u.id))),
  'conversations.nudge': ({ accountId, conversationId }) => {
    const a = ACCOUNTS.find((x) => x.id === accountId)!;
    emit('message.upserted', { message: { accountId, conversationId, id: String(nextId++), senderId: a.userId, kind: 'nudge', text: '', sentAt: Date.now(), status: 'sent' } });
    return ok(null);
  },
};

const transport: ParleyTransport = {
  async invoke(command, args) {
    const handler = handlers[command];
    return handler ? handler(args as Args) : fail('unsupported', `protocols screenshot fake: ${command}`);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const page = window as unknown as { parley: ParleyApi; parleyShot: { emit: typeof emit } };
page.parley = createParleyApi(transport);
// For the screenshot script: play main's side (a nudge from someone else arrives).
page.parleyShot = { emit };
