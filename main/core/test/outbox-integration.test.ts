// Main's outbox end to end, with no renderer at all: the real core, the real protocol
// adapters, the real reference server (SQLite on disk), and a TCP proxy between them to
// lose acknowledgements. Each protocol must deliver every message exactly once, whether
// the window was never open, the app closed mid-send, or the server's answer was lost.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../../contract/commands';
import type { AccountStatus, Conversation, Message } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import { startServer, type RunningServer } from '../../../server/start-server';
import { protocolFactories } from '../../protocols/registry';
import type { AdapterEvent, AdapterSession, MessageData, ProtocolAdapter, ProtocolAdapterFactory } from '../adapter';
import { createMemoryLogger } from '../logger';
import { startCore as startCoreUnderTest } from './core-harness';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
let server: RunningServer;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  server = await startServer({ port: 0, talkerPort: 0, dataDir: tempDir('outbox-srv'), demo: true, largeIds: true, log: createMemoryLogger() });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

interface Fixture {
  protocol: 'netalo' | 'talker';
  /** The server's address for this protocol. */
  url(): string;
  credentials(serverUrl: string, user: 'alice' | 'bob'): Credentials;
}

const fixtures: Fixture[] = [
  {
    protocol: 'netalo',
    url: () => server.url,
    credentials: (serverUrl, user) => ({ protocol: 'netalo', serverUrl, username: user, password: `${user}-parley` }),
  },
  {
    protocol: 'talker',
    url: () => server.talkerUrl!,
    credentials: (serverUrl, user) => ({ protocol: 'talker', serverUrl, login: user, password: `${user}-parley` }),
  },
];

function factoryFor(protocol: string): ProtocolAdapterFactory {
  const factory = protocolFactories.find((f) => f.protocol === protocol);
  if (!factory) throw new Error(`no ${protocol} adapter in this build`);
  return factory;
}

/** A core with no window (core-harness.ts), stopped after the test. */
async function startCore(dataDir: string) {
  const core = await startCoreUnderTest(dataDir);
  cleanups.push(() => core.stop());
  return core;
}

const online = (accountId: string) => (e: ParleyEvent) =>
  e.name === 'connection.changed' && e.payload.accountId === accountId && e.payload.state === 'online';
/** Our message, acknowledged by the server (talker may already say delivered or read). */
const sentWithNonce = (nonce: string) => (e: ParleyEvent) =>
  e.name === 'message.upserted' && e.payload.message.nonce === nonce && ['sent', 'delivered', 'read'].includes(e.payload.message.status);

/** Bob, connected straight to the server (no proxy), hearing what arrives for him. */
async function bob(fixture: Fixture): Promise<{ session: AdapterSession; adapter: ProtocolAdapter; received: MessageData[]; next: (text: string) => Promise<void> }> {
  const factory = factoryFor(fixture.protocol);
  const session = await factory.signIn(fixture.credentials(fixture.url(), 'bob') as never);
  const adapter = factory.create(session, createMemoryLogger());
  cleanups.push(() => adapter.close());
  const received: MessageData[] = [];
  const waiters: Array<() => void> = [];
  const up = new Promise<void>((resolve) => {
    adapter.onEvent((e: AdapterEvent) => {
      if (e.type === 'connection' && e.state === 'online') resolve();
      if (e.type === 'message') {
        received.push(e.message);
        for (const w of waiters.splice(0)) w();
      }
    });
  });
  adapter.connect();
  await up;
  const next = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => (received.some((m) => m.text === text) ? resolve() : waiters.push(check));
      check();
    });
  return { session, adapter, received, next };
}

/** What the server itself holds, read through Bob's adapter's history. */
async function serverTexts(peer: ProtocolAdapter, conversationId: string): Promise<string[]> {
  const page = await peer.listMessages!({ conversationId, limit: 100 });
  return page.items.map((m) => m.text).reverse();
}

async function aliceWithProxy(fixture: Fixture, dataDir: string) {
  const proxy: TcpProxy = await startTcpProxy(Number(new URL(fixture.url()).port));
  cleanups.push(() => proxy.close());
  const alice = await startCore(dataDir);
  const status = await alice.call<AccountStatus>('session.signIn', fixture.credentials(proxy.url, 'alice'));
  await alice.waitFor(online(status.account.id));
  return { proxy, alice, accountId: status.account.id };
}

describe.each(fixtures)('the outbox in main ($protocol), with no window', (fixture) => {
  it('sends what was queued offline once the server is reachable: in order, each once', async () => {
    const peer = await bob(fixture);
    const { proxy, alice, accountId } = await aliceWithProxy(fixture, tempDir('alice'));
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: peer.session.userId });

    // The server becomes unreachable; Alice's core notices and goes offline.
    proxy.mode = 'refuse';
    const offline = alice.waitFor((e) => e.name === 'connection.changed' && e.payload.state === 'offline');
    proxy.cutAll();
    await offline;
    const nonces = ['offline-one-0001', 'offline-two-0002', 'offline-three-003'];
    for (const [i, nonce] of nonces.entries()) {
      const queued = await alice.call<Message>('messages.send', { accountId, conversationId: conversation.id, text: `offline ${i}`, nonce });
      expect(queued.status).toBe('queued');
    }
    const upstreamBefore = proxy.upstreamBytes;

    proxy.mode = 'pass';
    for (const nonce of nonces) await alice.waitFor(sentWithNonce(nonce));
    expect(proxy.upstreamBytes).toBeGreaterThan(upstreamBefore);
    const texts = await serverTexts(peer.adapter, fixture.protocol === 'netalo' ? conversation.id : (alice.core.runtime(accountId)!.account.userId));
    expect(texts.filter((t) => t.startsWith('offline '))).toEqual(['offline 0', 'offline 1', 'offline 2']);
  });

  it("sends exactly once after a restart, even when the server's answer was lost", async () => {
    const peer = await bob(fixture);
    const dataDir = tempDir('alice');
    const first = await aliceWithProxy(fixture, dataDir);
    const conversation = await first.alice.call<Conversation>('conversations.openDirect', { accountId: first.accountId, userId: peer.session.userId });

    // One message through first: it is sent only once the reconnect's resync is done, so the
    // fault below hits the send, not the resync.
    await first.alice.call<Message>('messages.send', { accountId: first.accountId, conversationId: conversation.id, text: 'warm-up', nonce: 'warm-up-0000001' });
    await first.alice.waitFor(sentWithNonce('warm-up-0000001'));
    // The answer (Netalo's ack, talker's echo) is lost on its way back…
    first.proxy.mode = 'drop-downstream';
    const text = `exactly once ${fixture.protocol}`;
    await first.alice.call<Message>('messages.send', { accountId: first.accountId, conversationId: conversation.id, text, nonce: 'restart-0000001' });
    // …though the server stored it and delivered it to Bob.
    await peer.next(text);
    // Parley closes before it ever hears back.
    await first.alice.core.stop();
    first.proxy.cutAll();
    first.proxy.mode = 'pass';

    const second = await startCore(dataDir);
    const sent = await second.waitFor(sentWithNonce('restart-0000001'));
    expect(sent.name === 'message.upserted' && sent.payload.message.id).toBeTruthy();
    const peerConversation = fixture.protocol === 'netalo' ? conversation.id : second.core.runtime(first.accountId)!.account.userId;
    expect((await serverTexts(peer.adapter, peerConversation)).filter((t) => t === text)).toHaveLength(1);
    expect(peer.received.filter((m) => m.text === text)).toHaveLength(1);
  });
});
