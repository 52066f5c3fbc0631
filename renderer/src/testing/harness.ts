// Builds a ParleyClient over a fake API and a fresh fake-IndexedDB database, with a
// small in-memory "server" behind the fake so that tests state only what they change.
// Test files must `import 'fake-indexeddb/auto'` before this module creates a database.

import type { Account, ConnectionState, Conversation, Message, SessionInfo } from '../contract';
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

export const BOB_ID = '1002';

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

export function incoming(conversationId: string, id: string, text: string, sentAt: number): Message {
  return { accountId: ALICE.id, conversationId, id, senderId: BOB_ID, kind: 'text', text, sentAt, status: 'sent' };
}

let dbCounter = 0;
export const freshDbName = () => `parley-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`;

export interface Harness {
  fake: FakeParleyApi;
  client: ParleyClient;
  db: ParleyDb;
  /** What the fake server holds; handlers answer from it. */
  server: { conversations: Conversation[]; messages: Message[]; nextId: number };
  session: SessionInfo;
  /** Plays main telling the renderer the connection changed, and waits for the consequences. */
  setConnection(state: ConnectionState): Promise<void>;
}

export interface HarnessOptions {
  connection?: ConnectionState;
  dbName?: string;
  conversations?: Conversation[];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = createFakeParleyApi();
  const server: Harness['server'] = { conversations: options.conversations ?? [], messages: [], nextId: 5000 };
  const session: SessionInfo = {
    defaultServerUrl: ALICE.serverUrl,
    account: ALICE,
    connection: options.connection ?? 'online',
    capabilities: null,
  };
  fake.handle('session.get', () => ok(session));
  fake.handle('conversations.list', () => ok({ items: server.conversations }));
  fake.handle('messages.list', ({ conversationId }) =>
    ok({ items: server.messages.filter((m) => m.conversationId === conversationId) }),
  );
  fake.handle('messages.send', ({ conversationId, text, nonce }) => {
    // Idempotent on the nonce, like the real server.
    const existing = server.messages.find((m) => m.nonce === nonce);
    if (existing) return ok(existing);
    const message: Message = {
      accountId: ALICE.id,
      conversationId,
      id: String(server.nextId++),
      nonce,
      senderId: ALICE.userId,
      kind: 'text',
      text,
      sentAt: 1_000_000 + server.nextId,
      status: 'sent',
    };
    server.messages.push(message);
    return ok(message);
  });

  const db = new ParleyDb(options.dbName ?? freshDbName());
  let clock = 100_000;
  const client = new ParleyClient({
    api: fake.api,
    db,
    now: () => (clock += 1000),
    onError: (e) => {
      throw e;
    },
  });
  await client.start();
  await client.idle();
  return {
    fake,
    client,
    db,
    server,
    session,
    async setConnection(state) {
      session.connection = state;
      fake.emit('connection.changed', { accountId: ALICE.id, state });
      await client.idle();
    },
  };
}
