// The Mingdao adapter against the reference server's real Mingdao front (in-process, real
// sockets, real SQLite): sign-in, the conversation list with server unread counts, 1:1 and
// group messages, clear unread, recall, pin, shake, removeit, inbox notices, and messages
// that wait on the server while a user is offline.

import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../server/start-server';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { tempDirsForFile } from '../../../core/test/temp-dirs';
import type { MingdaoAdapter } from '../adapter';
import { mingdaoFactory } from '../factory';
import { pssIdOf } from '../session-secret';

const tempDir = tempDirsForFile();
let server: RunningServer;
let url: string;
const cleanups: Array<() => unknown> = [];
beforeAll(async () => {
  server = await startServer({ port: 0, mingdaoPort: 0, dataDir: tempDir('mingdao'), demo: true, log: createMemoryLogger() });
  url = server.frontUrls.mingdao!;
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

type MessageEvent = Extract<AdapterEvent, { type: 'message' }>;

/** One sign-in per user for the whole file (password hashing is the slow part); each test connects its own adapter. */
const signedIn = new Map<string, Promise<AdapterSession>>();
function sessionOf(name: string): Promise<AdapterSession> {
  let session = signedIn.get(name);
  if (!session) {
    session = mingdaoFactory.signIn({ protocol: 'mingdao', serverUrl: url, login: name, password: `${name}-parley` });
    signedIn.set(name, session);
  }
  return session;
}

async function user(name: string) {
  const session = await sessionOf(name);
  const adapter = mingdaoFactory.create(session, createMemoryLogger()) as MingdaoAdapter;
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = <T extends AdapterEvent = AdapterEvent>(test: (e: AdapterEvent) => boolean, from = 0): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found as T);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  await next((e) => e.type === 'connection' && e.state === 'online');
  return { session, adapter, events, next, me: session.userId };
}

/** A request from another Mingdao client, with its node-style ack's arguments. */
function rawRequest(socket: ReturnType<typeof io>, event: string, payload: unknown): Promise<unknown[]> {
  return new Promise((resolve) => socket.emit(event, payload, (...args: unknown[]) => resolve(args)));
}

function rawClient(pssId: string) {
  const raw = io(url, { path: '/mds2', query: { pss_id: pssId }, forceNew: true, reconnection: false });
  cleanups.push(() => raw.disconnect());
  return raw;
}

const messageWith = (text: string) => (e: AdapterEvent) => e.type === 'message' && e.message.text === text;

describe('Mingdao adapter with the reference server', () => {
  it('signs in with the username; a wrong password is invalid-credentials', async () => {
    const alice = await user('alice');
    expect(alice.session).toMatchObject({ protocol: 'mingdao', username: 'alice', userId: expect.stringMatching(/^\d+$/) });
    await expect(mingdaoFactory.signIn({ protocol: 'mingdao', serverUrl: url, login: 'alice', password: 'nope' })).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('finds a person by their exact account ID (no search on the wire)', async () => {
    const alice = await user('alice');
    const bob = await sessionOf('bob');
    expect(await alice.adapter.searchUsers(` ${bob.userId} `)).toEqual([{ id: bob.userId, username: expect.stringMatching(/bob/i), displayName: expect.stringMatching(/bob/i) }]);
    expect(await alice.adapter.searchUsers('99999999999')).toEqual([]);
  });

  it('sends 1:1, lists the conversation with the server count, clears it, recalls, pins', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const conversation = await alice.adapter.openDirectConversation(bob.me);
    expect(conversation).toMatchObject({ id: `user:${bob.me}`, kind: 'direct', peerId: bob.me, title: expect.stringMatching(/bob/i) });
    const sent = await alice.adapter.sendMessage({ conversationId: conversation.id, text: 'hello bob', nonce: 'n-1' });
    const received = (await bob.next<MessageEvent>(messageWith('hello bob'))).message;
    expect(received).toMatchObject({ conversationId: `user:${alice.me}`, id: sent.id, senderId: alice.me, kind: 'text' });

    const listed = (await bob.adapter.listConversations({ limit: 50 })).items.find((c) => c.id === `user:${alice.me}`);
    expect(listed).toMatchObject({ unreadCount: 1, lastMessage: { text: 'hello bob', messageId: sent.id } });
    await bob.adapter.markRead({ conversationId: `user:${alice.me}`, upToMessageId: sent.id! });
    expect((await bob.adapter.listConversations({ limit: 50 })).items.find((c) => c.id === `user:${alice.me}`)?.unreadCount).toBe(0);

    await alice.adapter.deleteMessage({ conversationId: conversation.id, messageId: sent.id! });
    expect(await bob.next((e) => e.type === 'message-removed')).toEqual({ type: 'message-removed', conversationId: `user:${alice.me}`, messageId: sent.id });

    await alice.adapter.setPinned(conversation.id, true);
    expect((await alice.adapter.listConversations({ limit: 50 })).items.find((c) => c.id === conversation.id)?.pinned).toBe(true);
  });

  it('creates a group, talks in it; member changes (added, left) arrive as partial updates; a member who left cannot write', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');
    const group = await alice.adapter.createGroup({ title: 'Climbers', memberIds: [bob.me] });
    expect(group).toMatchObject({ kind: 'group', title: 'Climbers', memberIds: expect.arrayContaining([alice.me, bob.me]) });
    await bob.next((e) => e.type === 'conversation' && e.conversation.id === group.id);
    await alice.adapter.sendMessage({ conversationId: group.id, text: 'to the group', nonce: 'n-2' });
    expect((await bob.next<MessageEvent>(messageWith('to the group'))).message).toMatchObject({ conversationId: group.id, senderId: alice.me });
    expect(carol.events.some(messageWith('to the group'))).toBe(false);
    // Alice adds Carol from another client (Parley's `add group members` extension).
    const raw = rawClient(pssIdOf(alice.session));
    expect((await rawRequest(raw, 'add group members', { gid: group.id.slice('group:'.length), members: [carol.me] }))[0]).toBe(false);
    const change = await bob.next<Extract<AdapterEvent, { type: 'conversation-changed' }>>((e) => e.type === 'conversation-changed' && (e.changes.memberIds?.includes(carol.me) ?? false));
    expect(change.conversationId).toBe(group.id);
    await carol.next((e) => e.type === 'conversation' && e.conversation.id === group.id);
    // Bob leaves (`exit group`): Alice's copy loses him, and Bob can no longer write there.
    await bob.adapter.leaveGroup(group.id);
    await alice.next((e) => e.type === 'conversation-changed' && e.conversationId === group.id && e.changes.memberIds !== undefined && !e.changes.memberIds.includes(bob.me));
    await expect(bob.adapter.sendMessage({ conversationId: group.id, text: 'still here?', nonce: 'n-7' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a shake reaches the other side once, as a nudge line; a second within 5 s is refused', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const line = await alice.adapter.sendNudge(`user:${bob.me}`);
    expect(line).toMatchObject({ conversationId: `user:${bob.me}`, kind: 'nudge', senderId: alice.me });
    const nudge = (await bob.next<MessageEvent>((e) => e.type === 'message' && e.message.kind === 'nudge')).message;
    expect(nudge).toMatchObject({ conversationId: `user:${alice.me}`, senderId: alice.me });
    await expect(alice.adapter.sendNudge(`user:${bob.me}`)).rejects.toMatchObject({ code: 'forbidden' });
    // A text message after it proves the shake push did not make a second line.
    await alice.adapter.sendMessage({ conversationId: `user:${bob.me}`, text: 'after the shake', nonce: 'n-3' });
    await bob.next(messageWith('after the shake'));
    expect(bob.events.filter((e) => e.type === 'message' && e.message.kind === 'nudge')).toHaveLength(1);
  });

  it('removeit: no longer a contact, the conversation stays and becomes read-only', async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    // Carol removes Alice with Parley's `remove contact` extension, from another client.
    const raw = rawClient(pssIdOf(carol.session));
    expect(await rawRequest(raw, 'remove contact', { id: alice.me })).toEqual([false, 1]);
    await expect(carol.adapter.sendMessage({ conversationId: `user:${alice.me}`, text: 'anyone?', nonce: 'n-4' })).rejects.toMatchObject({ code: 'forbidden' });
    const change = await carol.next<Extract<AdapterEvent, { type: 'conversation-changed' }>>((e) => e.type === 'conversation-changed');
    expect(change).toMatchObject({ conversationId: `user:${alice.me}`, changes: { permissions: { send: false, reason: expect.stringMatching(/no longer/) } } });
    expect(carol.events.some((e) => e.type === 'conversation-removed')).toBe(false);
  });

  it('the welcome notice is a read-only inbox conversation', async () => {
    const alice = await user('alice');
    const inbox = (await alice.adapter.listConversations({ limit: 50 })).items.find((c) => c.id.startsWith('inbox:'));
    expect(inbox).toMatchObject({ id: 'inbox:3', permissions: { send: false } });
    await expect(alice.adapter.sendMessage({ conversationId: inbox!.id, text: 'hi', nonce: 'n-5' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a message sent while the receiver is offline arrives when it connects', async () => {
    const alice = await user('alice');
    const bobSession = await sessionOf('bob');
    await alice.adapter.sendMessage({ conversationId: `user:${bobSession.userId}`, text: 'while you were away', nonce: 'n-6' });
    const bob = await user('bob');
    expect((await bob.next<MessageEvent>(messageWith('while you were away'))).message.senderId).toBe(alice.me);
  });
});
