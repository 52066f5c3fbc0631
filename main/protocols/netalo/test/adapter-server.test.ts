// The Netalo adapter against the real reference server (server/), in-process on 127.0.0.1.
// Every test makes its own users (sign-up) so that tests do not depend on each other.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { startServer } from '../../../../server/start-server';
import type { NetaloAdapter } from '../adapter';
import { netaloFactory } from '../factory';
import { nextEvent, nextState, record, rejection } from './helpers';

type RunningServer = Awaited<ReturnType<typeof startServer>>;

const TWO_POW_53 = 2n ** 53n;

let server: RunningServer;
const dataDirs: string[] = [];
const cleanups: Array<() => unknown> = [];

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-test-netalo-'));
  dataDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  server = await startServer({ port: 0, dataDir: await newDataDir(), demo: true, largeIds: true, log: quiet() });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** The server's own log lines stay out of the test output (its Logger matches ours). */
const quiet = () => createMemoryLogger();

let userCount = 0;
/** A fresh user on `url`, signed up through the factory. */
async function newUser(url = server.url, name = 'user'): Promise<AdapterSession> {
  const username = `${name}${process.pid}x${++userCount}`;
  return netaloFactory.signUp!({ serverUrl: url, username, password: 'password-123', displayName: `${name} ${userCount}` });
}

function adapterFor(session: AdapterSession) {
  const log = createMemoryLogger();
  const adapter = netaloFactory.create(session, log) as NetaloAdapter;
  cleanups.push(() => adapter.close());
  return Object.assign(adapter, { logLines: log.lines });
}

async function connected(session: AdapterSession) {
  const adapter = adapterFor(session);
  const online = nextState(adapter, 'online');
  adapter.connect();
  await online;
  return adapter;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const isBigId = (id: string | undefined) => id !== undefined && /^\d+$/.test(id) && BigInt(id) > TWO_POW_53;

describe('sign-in and sign-up over HTTP', () => {
  it('signs a demo user in with string IDs above 2^53', async () => {
    const session = await netaloFactory.signIn({ protocol: 'netalo', serverUrl: server.url, username: 'alice', password: 'alice-parley' });
    expect(session).toMatchObject({ protocol: 'netalo', serverUrl: server.url, username: 'alice' });
    expect(isBigId(session.userId)).toBe(true);
    expect(session.secret.value).toMatch(/^[0-9a-f]{64}$/);
    expect(session.displayName.length).toBeGreaterThan(0);
    expect(session.expiresAt).toBeGreaterThan(Date.now());
  });

  it("refuses a wrong password with 'invalid-credentials'", async () => {
    const err = await rejection(netaloFactory.signIn({ protocol: 'netalo', serverUrl: server.url, username: 'alice', password: 'bob-parley' }));
    expect(err).toMatchObject({ name: 'ParleyError', code: 'invalid-credentials' });
  });

  it("reports a server with nothing listening as 'unreachable', naming the address", async () => {
    const port = await freePort();
    const err = await rejection(
      netaloFactory.signIn({ protocol: 'netalo', serverUrl: `http://127.0.0.1:${port}`, username: 'alice', password: 'alice-parley' }),
    );
    expect(err).toMatchObject({ code: 'unreachable' });
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it("signs up; a taken username is 'username-taken', a short password 'invalid-argument'", async () => {
    const session = await newUser(server.url, 'dave');
    expect(isBigId(session.userId)).toBe(true);
    const again = await netaloFactory.signIn({ protocol: 'netalo', serverUrl: server.url, username: session.username, password: 'password-123' });
    expect(again.userId).toBe(session.userId);
    const taken = await rejection(
      netaloFactory.signUp!({ serverUrl: server.url, username: session.username.toUpperCase(), password: 'password-123' }),
    );
    expect(taken).toMatchObject({ code: 'username-taken' });
    const short = await rejection(netaloFactory.signUp!({ serverUrl: server.url, username: 'shorty', password: 'x' }));
    expect(short).toMatchObject({ code: 'invalid-argument' });
  });
});

describe('chatting through the reference server', () => {
  it('goes online, opens a direct conversation (creates it, then finds the same), and delivers a message to the peer exactly', async () => {
    const aliceSession = await newUser(server.url, 'alice');
    const bobSession = await newUser(server.url, 'bob');
    const alice = await connected(aliceSession);
    const bob = await connected(bobSession);

    const bobSeesConversation = nextEvent(bob, 'conversation');
    const conversation = await alice.openDirectConversation(bobSession.userId);
    expect(conversation).toMatchObject({
      kind: 'direct',
      peerId: bobSession.userId,
      title: bobSession.displayName,
      memberIds: expect.arrayContaining([aliceSession.userId, bobSession.userId]),
      unreadCount: 0,
      muted: false,
      pinned: false,
    });
    expect(isBigId(conversation.id)).toBe(true);
    expect((await alice.openDirectConversation(bobSession.userId)).id).toBe(conversation.id);
    expect((await bob.openDirectConversation(aliceSession.userId)).id).toBe(conversation.id);

    // Bob hears of the conversation with its first message, not when it is created empty:
    // the group first, then the message; a stranger's conversation is a request.
    const bobEvents = record(bob);
    const bobReceives = nextEvent(bob, 'message');
    const sent = await alice.sendMessage({ conversationId: conversation.id, text: 'hello bob', nonce: 'nonce-1' });
    const pushed = (await bobSeesConversation).conversation;
    expect(pushed).toMatchObject({ id: conversation.id, kind: 'direct', peerId: aliceSession.userId, title: aliceSession.displayName, request: true });
    expect(sent).toMatchObject({
      conversationId: conversation.id,
      senderId: aliceSession.userId,
      nonce: 'nonce-1',
      kind: 'text',
      text: 'hello bob',
      status: 'sent',
    });
    expect(isBigId(sent.id)).toBe(true);
    const received = (await bobReceives).message;
    expect(received.id).toBe(sent.id); // the same digits, not a rounded neighbour
    expect(bobEvents.filter((e) => e.type === 'conversation' || e.type === 'message').map((e) => e.type)).toEqual(['conversation', 'message']);
    expect(received).toMatchObject({ conversationId: conversation.id, senderId: aliceSession.userId, text: 'hello bob' });

    const listed = await bob.listMessages({ conversationId: conversation.id, limit: 10 });
    expect(listed.items.map((m) => m.id)).toEqual([sent.id]);
    expect(listed.nextCursor).toBeUndefined();

    // A resend after a lost ack: same nonce, same message, nothing new.
    const resent = await alice.sendMessage({ conversationId: conversation.id, text: 'hello bob', nonce: 'nonce-1' });
    expect(resent.id).toBe(sent.id);
    expect((await bob.listMessages({ conversationId: conversation.id, limit: 10 })).items).toHaveLength(1);

    // The conversation list now shows the message.
    const page = await bob.listConversations({ limit: 20 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: conversation.id, title: aliceSession.displayName, lastMessage: { messageId: sent.id } });
  });

  it('pages messages with `before` and conversations with the cursor', async () => {
    const me = await newUser(server.url, 'pager');
    const peers = [await newUser(server.url, 'p'), await newUser(server.url, 'q'), await newUser(server.url, 'r')];
    const adapter = await connected(me);
    const conversations = [];
    for (const p of peers) conversations.push(await adapter.openDirectConversation(p.userId));
    const [first] = conversations as [(typeof conversations)[number]];

    const sent = [];
    for (let i = 1; i <= 5; i++) {
      sent.push(await adapter.sendMessage({ conversationId: first.id, text: `m${i}`, nonce: `page-${i}` }));
    }
    const ids = sent.map((m) => m.id).reverse(); // newest first
    const page1 = await adapter.listMessages({ conversationId: first.id, limit: 2 });
    expect(page1.items.map((m) => m.id)).toEqual(ids.slice(0, 2));
    expect(page1.nextCursor).toBe(ids[1]);
    const page2 = await adapter.listMessages({ conversationId: first.id, before: page1.nextCursor, limit: 2 });
    expect(page2.items.map((m) => m.id)).toEqual(ids.slice(2, 4));
    const page3 = await adapter.listMessages({ conversationId: first.id, before: page2.nextCursor, limit: 2 });
    expect(page3.items.map((m) => m.text)).toEqual(['m1']);
    expect(page3.nextCursor).toBeUndefined();

    // Conversations: the one with messages first (sort_by 1), then paged by index.
    const c1 = await adapter.listConversations({ limit: 2 });
    expect(c1.items).toHaveLength(2);
    expect(c1.items[0]?.id).toBe(first.id);
    expect(c1.nextCursor).toBe('1');
    const c2 = await adapter.listConversations({ cursor: c1.nextCursor, limit: 2 });
    expect(c2.items).toHaveLength(1);
    expect(c2.nextCursor).toBeUndefined();
    const all = [...c1.items, ...c2.items].map((c) => c.id).sort();
    expect(all).toEqual(conversations.map((c) => c.id).sort());
  });

  it('looks users up by ID and searches them by name', async () => {
    const me = await newUser(server.url, 'finder');
    const target = await newUser(server.url, 'zanzibar');
    const adapter = adapterFor(me); // HTTP only: no connection needed
    expect(await adapter.getUsers([target.userId, me.userId])).toEqual(
      expect.arrayContaining([
        { id: target.userId, username: target.username, displayName: target.displayName },
        { id: me.userId, username: me.username, displayName: me.displayName },
      ]),
    );
    const found = await adapter.searchUsers('ZANZIBAR');
    expect(found.map((u) => u.id)).toContain(target.userId);
    expect(found.map((u) => u.id)).not.toContain(me.userId);
  });

  it('reports a peer going online and offline', async () => {
    const aliceSession = await newUser(server.url, 'watcher');
    const bobSession = await newUser(server.url, 'watched');
    const alice = await connected(aliceSession);
    const direct = await alice.openDirectConversation(bobSession.userId);
    await alice.sendMessage({ conversationId: direct.id, text: 'hi', nonce: 'presence-1' });
    // Presence flows only once both have accepted the conversation (it is Bob's request until then).
    const first = await connected(bobSession);
    await first.acceptRequest(direct.id);
    const gone = nextEvent(alice, 'presence', (e) => e.presence.userId === bobSession.userId && !e.presence.online);
    first.close();
    await gone;
    const online = nextEvent(alice, 'presence', (e) => e.presence.userId === bobSession.userId && e.presence.online);
    const bob = await connected(bobSession);
    await online;
    const offline = nextEvent(alice, 'presence', (e) => e.presence.userId === bobSession.userId && !e.presence.online);
    bob.close();
    await offline;
  });

  it("rejects commands with 'offline' at once, without waiting, before connecting", async () => {
    const adapter = adapterFor(await newUser(server.url, 'idle'));
    const started = Date.now();
    const err = await rejection(adapter.sendMessage({ conversationId: '1152921504606846977', text: 'x', nonce: 'n' }));
    expect(err).toMatchObject({ code: 'offline' });
    expect(Date.now() - started).toBeLessThan(1000); // the request timeout is 10 s
  });
});

describe('connection life cycle', () => {
  it('goes offline when the server stops and online again by itself when it restarts', async () => {
    const dataDir = await newDataDir();
    let own = await startServer({ port: 0, dataDir, demo: true, largeIds: true, log: quiet() });
    cleanups.push(() => own.close());
    const session = await netaloFactory.signIn({ protocol: 'netalo', serverUrl: own.url, username: 'bob', password: 'bob-parley' });
    const adapter = await connected(session);
    const before = await adapter.listConversations({ limit: 5 });

    const offline = nextState(adapter, 'offline');
    await own.close();
    expect((await offline).detail).toBeTruthy();
    const started = Date.now();
    expect(await rejection(adapter.listConversations({ limit: 5 }))).toMatchObject({ code: 'offline' });
    expect(Date.now() - started).toBeLessThan(1000);

    const online = nextState(adapter, 'online');
    own = await startServer({ port: own.port, dataDir, demo: true, largeIds: true, log: quiet() });
    await online;
    expect(await adapter.listConversations({ limit: 5 })).toEqual(before);
  });

  it("a revoked session ends with 'expired' and is not retried", async () => {
    const session = await newUser(server.url, 'revoked');
    const res = await fetch(`${server.url}/api/v1/signout`, { method: 'POST', headers: { Session: session.secret.value } });
    expect(res.status).toBe(200);
    const adapter = adapterFor(session);
    const events = record(adapter);
    const ended = nextEvent(adapter, 'session-ended');
    adapter.connect();
    expect((await ended).reason).toBe('expired');
    expect(adapter.reconnecting).toBe(false);
    expect(events.map((e) => (e.type === 'connection' ? e.state : e.type))).toEqual(['connecting', 'session-ended']);
    expect(await rejection(adapter.listConversations({ limit: 1 }))).toMatchObject({ code: 'session-expired' });
    expect(await rejection(adapter.getUsers([session.userId]))).toMatchObject({ code: 'session-expired' });
  });

  it("signing out elsewhere ends a connected adapter's session with 'expired'", async () => {
    const session = await newUser(server.url, 'signedout');
    const adapter = await connected(session);
    const ended = nextEvent(adapter, 'session-ended');
    await fetch(`${server.url}/api/v1/signout`, { method: 'POST', headers: { Session: session.secret.value } });
    expect((await ended).reason).toBe('expired');
    expect(adapter.reconnecting).toBe(false);
    expect(adapter.connectionState).toBe('ended');
  });

  it("the same session connected twice: the first gets 'conflict', the second stays online", async () => {
    const session = await newUser(server.url, 'twice');
    const first = await connected(session);
    const conflict = nextEvent(first, 'session-ended');
    const second = await connected(session);
    expect((await conflict).reason).toBe('conflict');
    expect(first.reconnecting).toBe(false);
    expect(await second.listConversations({ limit: 1 })).toEqual({ items: [] });
    expect(await rejection(first.listConversations({ limit: 1 }))).toMatchObject({ code: 'conflict' });
  });

  it('never logs message text or the session token', async () => {
    const aliceSession = await newUser(server.url, 'quiet');
    const bobSession = await newUser(server.url, 'quieter');
    const alice = await connected(aliceSession);
    const bob = await connected(bobSession);
    const c = await alice.openDirectConversation(bobSession.userId);
    const got = nextEvent(bob, 'message');
    await alice.sendMessage({ conversationId: c.id, text: 'very private words', nonce: 'q1' });
    await got;
    const all = [...alice.logLines, ...bob.logLines].join('\n');
    expect(all).not.toContain('very private words');
    expect(all).not.toContain(aliceSession.secret.value);
    expect(all).not.toContain(bobSession.secret.value);
  });
});
