// The Haraj adapter against the reference server's real Haraj front (started in-process,
// harajPort 0): sign-in, send and receive (Arabic intact), history, topics with unread
// counts, read receipts, typing, presence driven by watchPresence, token expiry and refresh,
// and a reconnect across a server restart on the same port.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../server/start-server';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { tempDirsForFile } from '../../../core/test/temp-dirs';
import { HarajAdapter } from '../adapter';
import { harajFactory } from '../factory';

const tempDir = tempDirsForFile();
let server: RunningServer;
let dataDir: string;
let offset = 0;
const clock = () => Date.now() + offset;
const cleanups: Array<() => unknown> = [];

const start = (harajPort = 0) => startServer({ port: 0, harajPort, dataDir, demo: true, log: createMemoryLogger(), clock });

beforeAll(async () => {
  dataDir = tempDir('haraj-adapter');
  server = await start();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

const harajUrl = () => server.frontUrls.haraj!;

async function user(name: string, given?: AdapterSession) {
  const session = given ?? (await harajFactory.signIn({ protocol: 'haraj', serverUrl: harajUrl(), username: name, password: `${name}-parley` }));
  const adapter = new HarajAdapter(session, createMemoryLogger(), { reconnectDelayMs: 20, reconnectDelayMaxMs: 100 });
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = <T extends AdapterEvent>(test: (e: AdapterEvent) => e is T, from = 0): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found as T);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  await next((e): e is AdapterEvent => e.type === 'connection' && e.state === 'online');
  return { session, adapter, events, next };
}

type Of<K extends AdapterEvent['type']> = Extract<AdapterEvent, { type: K }>;
const is =
  <K extends AdapterEvent['type']>(type: K, test: (e: Of<K>) => boolean = () => true) =>
  (e: AdapterEvent): e is Of<K> =>
    e.type === type && test(e as Of<K>);

describe('Haraj adapter with the reference server', () => {
  it('signs in with the shared users; a wrong password is invalid-credentials', async () => {
    const alice = await user('alice');
    expect(alice.session).toMatchObject({ protocol: 'haraj', username: 'alice', userId: expect.stringMatching(/^\d+$/), secret: { version: 1 } });
    await expect(harajFactory.signIn({ protocol: 'haraj', serverUrl: harajUrl(), username: 'alice', password: 'nope' })).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('sends and receives (Arabic intact), lists history and topics with unread counts, and carries reads back', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const found = await alice.adapter.searchUsers('bob');
    expect(found.map((u) => u.id)).toContain(bob.session.userId);
    const conversation = await alice.adapter.openDirectConversation(bob.session.userId);
    expect(conversation).toMatchObject({ kind: 'direct', peerId: bob.session.userId, id: expect.stringMatching(/^p2p\d+_\d+$/) });

    const text = 'السلام عليكم يا بوب 🌙 (mixed with English)';
    const sent = await alice.adapter.sendMessage({ conversationId: conversation.id, text, nonce: 'n-10000001' });
    expect(sent).toMatchObject({ conversationId: conversation.id, senderId: alice.session.userId, text, status: 'sent' });

    const topicEvent = await bob.next(is('conversation'));
    expect(topicEvent.conversation).toMatchObject({ id: conversation.id, title: expect.stringMatching(/alice/i) });
    const received = (await bob.next(is('message', (e) => e.message.text === text))).message;
    expect(received).toMatchObject({ conversationId: conversation.id, id: sent.id, senderId: alice.session.userId });

    const page = await bob.adapter.listMessages({ conversationId: conversation.id, limit: 10 });
    expect(page.items[0]).toMatchObject({ id: sent.id, text });
    const list = await bob.adapter.listConversations();
    expect(list.items.find((c) => c.id === conversation.id)).toMatchObject({ unreadCount: 1, lastMessage: { text } });

    await bob.adapter.markRead({ conversationId: conversation.id, upToMessageId: sent.id! });
    const read = await alice.next(is('receipt'));
    expect(read.receipt).toEqual({ conversationId: conversation.id, userId: bob.session.userId, kind: 'read', messageIds: [sent.id] });
    expect((await bob.adapter.listConversations()).items.find((c) => c.id === conversation.id)?.unreadCount).toBe(0);
    expect(await alice.adapter.findSentMessage({ conversationId: conversation.id, text, notBefore: Date.now() - 5000, exclude: [] })).toMatchObject({ id: sent.id, status: 'read', nonce: 'n-10000001' });
    // Our own messages come back from history with the nonce of their send: never a second row.
    expect((await alice.adapter.listMessages({ conversationId: conversation.id, limit: 1 })).items[0]).toMatchObject({ id: sent.id, nonce: 'n-10000001' });
  });

  it('shows typing to the peer and stops it', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const conversation = await alice.adapter.openDirectConversation(bob.session.userId);
    alice.adapter.setTyping({ conversationId: conversation.id, typing: true });
    const on = await bob.next(is('typing', (e) => e.typing.typing));
    expect(on.typing).toMatchObject({ conversationId: conversation.id, userId: alice.session.userId, expiresAt: expect.any(Number) });
    alice.adapter.setTyping({ conversationId: conversation.id, typing: false });
    await bob.next(is('typing', (e) => !e.typing.typing));
  });

  it('watches the presence of the peers on screen: listen answers, then online and offline', async () => {
    const alice = await user('alice');
    const carolSession = await harajFactory.signIn({ protocol: 'haraj', serverUrl: harajUrl(), username: 'carol', password: 'carol-parley' });
    await alice.adapter.openDirectConversation(carolSession.userId);
    alice.adapter.watchPresence([carolSession.userId]);
    expect((await alice.next(is('presence'))).presence).toEqual({ userId: carolSession.userId, online: false });
    const from = alice.events.length;
    const carol = await user('carol', carolSession);
    expect((await alice.next(is('presence', (e) => e.presence.online), from)).presence.userId).toBe(carolSession.userId);
    carol.adapter.close();
    expect((await alice.next(is('presence', (e) => !e.presence.online), from)).presence).toMatchObject({ userId: carolSession.userId, online: false, lastSeenAt: expect.any(Number) });
  });

  it('refreshes an expired access token (HTTP and socket), hands the new pair to the core, and the stored pair works after a restart', async () => {
    const bob = await user('bob');
    offset += 60 * 60 * 1000 + 1;
    await bob.adapter.listConversations();
    const renewed = await bob.next(is('session-renewed'));
    expect(renewed.secret.version).toBe(1);
    expect(renewed.secret.value).not.toBe(bob.session.secret.value);
    // A Parley started later with the stored (expired) pair refreshes at auth by itself.
    offset += 60 * 60 * 1000 + 1;
    const again = await user('bob', { ...bob.session, secret: renewed.secret });
    expect(again.events.some((e) => e.type === 'session-renewed')).toBe(true);
  });

  it('goes offline when the server stops, and comes back online with the same port after its restart; nothing sent meanwhile is lost', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const conversation = await alice.adapter.openDirectConversation(bob.session.userId);
    const port = Number(new URL(harajUrl()).port);
    await server.close();
    await bob.next(is('connection', (e) => e.state === 'offline'));
    server = await start(port);
    const from = bob.events.findIndex((e) => e.type === 'connection' && e.state === 'offline');
    await bob.next(is('connection', (e) => e.state === 'online'), from);
    await alice.next(is('connection', (e) => e.state === 'online'), alice.events.findIndex((e) => e.type === 'connection' && e.state === 'offline'));
    const sent = await alice.adapter.sendMessage({ conversationId: conversation.id, text: 'after the restart', nonce: 'n-10000002' });
    expect((await bob.next(is('message', (e) => e.message.text === 'after the restart'))).message.id).toBe(sent.id);
  });
});
