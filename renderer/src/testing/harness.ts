// Builds a ParleyClient over a fake API and a fresh fake-IndexedDB database, with a small
// in-memory "main" behind the fake (accounts, conversations, messages, an outbox that
// queues by nonce) so that tests state only what they change. Test files must
// `import 'fake-indexeddb/auto'` before this module creates a database.

import type { Account, AccountStatus, Capabilities, ConnectionState, Conversation, Message, ProtocolInfo } from '../contract';
import { ParleyClient } from '../client/ParleyClient';
import { ParleyDb } from '../db/database';
import { createFakeParleyApi, ok, type FakeParleyApi } from './fakeParleyApi';

export const ALICE: Account = {
  id: 'netalo|http://127.0.0.1:8080|1001',
  protocol: 'netalo',
  serverUrl: 'http://127.0.0.1:8080',
  userId: '1001',
  username: 'alice',
  displayName: 'Alice',
};

/** Alice's second account: talker, whose user IDs are small integers (5 may be someone else on Netalo). */
export const ALICE_TALKER: Account = {
  id: 'talker|http://127.0.0.1:7455|5',
  protocol: 'talker',
  serverUrl: 'http://127.0.0.1:7455',
  userId: '5',
  username: 'alice',
  displayName: 'alice',
};

export const BOB_ID = '1002';

export const CAPABILITIES: Capabilities = {
  messaging: 'send-receive',
  signUp: true,
  directConversations: true,
  groups: false,
  groupAdmin: false,
  history: true,
  editMessages: false,
  deleteMessages: false,
  deliveryReceipts: false,
  readReceipts: true,
  unreadCounts: true,
  typing: true,
  presence: false,
  mute: false,
  pin: false,
  block: false,
  attachments: true,
  search: false,
  calls: false,
  userSearch: true,
  messageRequests: false,
  clearHistory: false,
  nudge: false,
};

export const PROTOCOLS: ProtocolInfo[] = [
  { protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: ALICE.serverUrl, capabilities: CAPABILITIES },
  {
    protocol: 'talker',
    label: 'talker',
    fields: ['serverUrl', 'login', 'password'],
    defaultServerUrl: ALICE_TALKER.serverUrl,
    capabilities: { ...CAPABILITIES, signUp: false },
    note: 'talker accounts are created with an email confirmation.',
  },
];

export function conversation(id: string, lastActivityAt: number, overrides: Partial<Conversation> = {}): Conversation {
  return {
    accountId: ALICE.id,
    id,
    kind: 'direct',
    title: `Chat ${id}`,
    memberIds: [ALICE.userId, BOB_ID],
    peerId: BOB_ID,
    createdAt: 1,
    lastActivityAt,
    unreadCount: 0,
    muted: false,
    pinned: false,
    ...overrides,
  };
}

export function incoming(conversationId: string, id: string, text: string, sentAt: number, accountId = ALICE.id): Message {
  return { accountId, conversationId, id, senderId: BOB_ID, kind: 'text', text, sentAt, status: 'sent' };
}

let dbCounter = 0;
export const freshDbName = () => `parley-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`;

export interface Harness {
  fake: FakeParleyApi;
  client: ParleyClient;
  db: ParleyDb;
  /** The cache database's name: another tab (or a restart) opens the same one. */
  dbName: string;
  /** What main and the servers hold; handlers answer from it. */
  server: { conversations: Conversation[]; messages: Message[]; nextId: number };
  /** The accounts main reports, with their connections. */
  accounts: AccountStatus[];
  /** Plays main telling the renderer an account's connection changed, and waits for the consequences. */
  setConnection(state: ConnectionState, accountId?: string): Promise<void>;
  /** Plays main's outbox sending a queued message: `sending`, then the server's copy. */
  deliver(nonce: string): Promise<Message>;
  /**
   * A second window or tab: another ParleyClient with its own store and its own Dexie
   * connection to the same database, over the same main (the same fake and its handlers).
   * Started and idle when this resolves.
   */
  openTab(options?: { visible?: boolean }): Promise<{ client: ParleyClient; db: ParleyDb }>;
}

export interface HarnessOptions {
  connection?: ConnectionState;
  dbName?: string;
  conversations?: Conversation[];
  /** Default: Alice on Netalo only. */
  accounts?: Account[];
  visible?: boolean;
  /** The client's waits before asking again for a list that failed (default: sync.ts LIST_RETRY_MS). */
  listRetryMs?: readonly number[];
  /** Runs after the default handlers are installed and before the client starts: replace or wrap handlers here. */
  beforeStart?: (h: { fake: FakeParleyApi; server: Harness['server']; accounts: AccountStatus[]; dbName: string }) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = createFakeParleyApi();
  const server: Harness['server'] = { conversations: options.conversations ?? [], messages: [], nextId: 5000 };
  const accounts: AccountStatus[] = (options.accounts ?? [ALICE]).map((account) => ({
    account,
    connection: options.connection ?? 'online',
    capabilities: PROTOCOLS.find((p) => p.protocol === account.protocol)!.capabilities,
  }));
  const userOf = (accountId: string) => accounts.find((a) => a.account.id === accountId)!.account.userId;
  let clock = 100_000;
  /** main's outbox: one message per nonce, as main keeps them. */
  const outbox = new Map<string, Message>();

  fake.handle('session.get', () => ok({ protocols: PROTOCOLS, accounts }));
  fake.handle('conversations.list', ({ accountId }) => ok({ items: server.conversations.filter((c) => c.accountId === accountId) }));
  fake.handle('conversations.markRead', () => ok(null));
  fake.handle('typing.set', () => ok(null));
  fake.handle('messages.list', ({ accountId, conversationId }) =>
    ok({ items: server.messages.filter((m) => m.accountId === accountId && m.conversationId === conversationId) }),
  );
  fake.handle('messages.pending', ({ accountId }) => ok([...outbox.values()].filter((m) => m.accountId === accountId)));
  fake.handle('messages.send', ({ accountId, conversationId, text, nonce }) => {
    // Idempotent on the nonce, like main's outbox.
    const existing = outbox.get(nonce);
    if (existing) return ok(existing);
    const message: Message = { accountId, conversationId, nonce, senderId: userOf(accountId), kind: 'text', text, sentAt: (clock += 1000), status: 'queued' };
    outbox.set(nonce, message);
    return ok(message);
  });
  fake.handle('messages.retry', ({ nonce }) => {
    const existing = outbox.get(nonce);
    if (!existing) return { ok: false, error: { code: 'not-found', message: 'not in the outbox' } };
    const queued: Message = { ...existing, status: 'queued' };
    delete queued.error;
    outbox.set(nonce, queued);
    return ok(queued);
  });

  const dbName = options.dbName ?? freshDbName();
  options.beforeStart?.({ fake, server, accounts, dbName });
  let nonces = 0;
  const makeClient = (db: ParleyDb, visible: boolean | undefined) =>
    new ParleyClient({
      api: fake.api,
      db,
      now: () => (clock += 1000),
      newNonce: () => `nonce-${String(++nonces).padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`,
      isVisible: () => visible ?? true,
      ...(options.listRetryMs ? { listRetryMs: options.listRetryMs } : {}),
      onError: (e) => {
        throw e;
      },
    });
  const db = new ParleyDb(dbName);
  const client = makeClient(db, options.visible);
  await client.start();
  await client.idle();
  return {
    fake,
    client,
    db,
    dbName,
    async openTab(tabOptions = {}) {
      const tabDb = new ParleyDb(dbName);
      const tab = makeClient(tabDb, tabOptions.visible);
      await tab.start();
      await tab.idle();
      return { client: tab, db: tabDb };
    },
    server,
    accounts,
    async setConnection(state, accountId = ALICE.id) {
      const status = accounts.find((a) => a.account.id === accountId)!;
      status.connection = state;
      fake.emit('connection.changed', { accountId, state });
      await client.idle();
    },
    async deliver(nonce) {
      const queued = outbox.get(nonce);
      if (!queued) throw new Error(`nothing queued with nonce ${nonce}`);
      const sent: Message = { ...queued, id: String(server.nextId++), status: 'sent' };
      outbox.set(nonce, sent);
      server.messages.push(sent);
      fake.emitBatch([
        { name: 'message.upserted', payload: { message: { ...queued, status: 'sending' } } },
        { name: 'message.upserted', payload: { message: sent } },
      ]);
      await client.idle();
      return sent;
    },
  };
}
