// "Every message a user sends is delivered exactly once, in order, whatever happens to the
// network, the server or the app in between" — driven with real parts only: the reference
// server as a child process (SQLite on disk; killed with SIGKILL where a scenario says so),
// Parley's real core and Netalo adapter, and a TCP proxy between them that refuses, cuts or
// freezes connections. Other people are plain socket.io clients of the same server.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { AccountStatus, Conversation, Message } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import { nextEvent, openSocket, request, signUp, type TestUser } from '../../../server/test/support';
import { NetaloAdapter, type NetaloAdapterOptions } from '../../protocols/netalo/adapter';
import { netaloFactory } from '../../protocols/netalo/factory';
import type { ProtocolAdapterFactory } from '../adapter';
import { isOffline, isOnline, startCore, type CoreUnderTest } from './core-harness';
import { serverBundleForFile, freePort, startServerProcess, type ServerProcess } from './server-process';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const { bundle: serverBundle, cleanups } = serverBundleForFile();
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `parley-test-faults-${name}-`));
  tempDirs.push(dir);
  return dir;
}

/** The server as a process on a fixed port, restartable on the same data. */
async function serverWorld(env?: Record<string, string>) {
  const dataDir = tempDir('server');
  const port = await freePort();
  let server: ServerProcess = await startServerProcess(serverBundle(), { dataDir, port, ...(env ? { env } : {}) });
  cleanups.push(() => server.kill());
  return {
    url: server.url,
    port,
    get process() {
      return server;
    },
    async restart(): Promise<void> {
      await server.kill('SIGKILL');
      server = await startServerProcess(serverBundle(), { dataDir, port });
    },
  };
}

interface Peer extends TestUser {
  socket: Socket;
  /** Messages pushed to this peer, in arrival order. */
  received: Array<Record<string, unknown>>;
  /** Resolves once the peer's socket has signed in again after a server restart (now or already). */
  backOnline(): Promise<void>;
}

/** Someone else, on a plain socket.io client straight to the server. */
async function peer(url: string): Promise<Peer> {
  const user = await signUp(url);
  const socket = openSocket(url, user.session);
  cleanups.push(() => socket.disconnect());
  const received: Array<Record<string, unknown>> = [];
  socket.on('message', (m: Record<string, unknown>) => received.push(m));
  let logins = 0;
  let waiting: (() => void) | undefined;
  socket.on('login', () => {
    logins++;
    waiting?.();
  });
  const login = await nextEvent(socket, 'login');
  if (login.result !== 0) throw new Error('peer could not log in');
  let mark = logins;
  return {
    ...user,
    socket,
    received,
    // The test socket does not reconnect by itself (server/test/support.ts): connect it again.
    backOnline: () =>
      new Promise<void>((resolve) => {
        if (!socket.connected) socket.connect();
        const check = () => {
          if (logins <= mark || !socket.connected) return;
          mark = logins;
          waiting = undefined;
          resolve();
        };
        waiting = check;
        check();
      }),
  };
}

async function ask(socket: Socket, event: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await request(socket, event, payload);
  if (answer.result !== 0) throw new Error(`${event}: ${JSON.stringify(answer)}`);
  return answer;
}

/** What the server holds for a group, oldest first (read by a member). */
async function serverHistory(member: Socket, groupId: string): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];
  for (let before: string | undefined; ; ) {
    const page = (await ask(member, 'list_message', { group_id: groupId, psize: 100, ...(before ? { last_message_id: before } : {}) })).messages as Array<Record<string, unknown>>;
    all.push(...page);
    if (page.length < 100) return all.reverse();
    before = page.at(-1)!.message_id as string;
  }
}

/** Netalo with options a test needs (short probe deadlines, a long back-off). */
function netaloWith(options: NetaloAdapterOptions): ProtocolAdapterFactory {
  return { ...netaloFactory, create: (session, log) => new NetaloAdapter(session, log, options) };
}

/** Alice runs Parley: a core signed in to `serverUrl` (the server, or a proxy before it). */
async function parley(serverUrl: string, user: TestUser, opts: { dataDir?: string; adapter?: NetaloAdapterOptions } = {}) {
  const dataDir = opts.dataDir ?? tempDir('alice');
  const alice = await startCore(dataDir, [opts.adapter ? netaloWith(opts.adapter) : netaloFactory]);
  cleanups.push(() => alice.stop());
  const status = await alice.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl, username: user.username, password: 'correct horse' });
  const accountId = status.account.id;
  await alice.waitFor(isOnline(accountId));
  return { alice, accountId, dataDir };
}

/** Alice's Parley again, on the data a previous run left (a restart). */
async function reopen(dataDir: string, adapter?: NetaloAdapterOptions): Promise<CoreUnderTest> {
  const alice = await startCore(dataDir, [adapter ? netaloWith(adapter) : netaloFactory]);
  cleanups.push(() => alice.stop());
  return alice;
}

async function proxyTo(port: number): Promise<TcpProxy> {
  const proxy = await startTcpProxy(port);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** From now on: resolves at the first matching event after this call. */
function next(core: CoreUnderTest, test: (e: ParleyEvent) => boolean): Promise<ParleyEvent> {
  const from = core.seen.length;
  return core.waitUntil((all) => all.slice(from).some(test)).then(() => core.seen.slice(from).find(test)!);
}

const upserted = (e: ParleyEvent): Message | undefined => (e.name === 'message.upserted' ? e.payload.message : undefined);
const sentWith = (nonce: string) => (e: ParleyEvent) => {
  const m = upserted(e);
  return m?.nonce === nonce && m.status === 'sent';
};
/** Resolves once every nonce has been reported sent (one pass over the events per batch). */
function allSent(core: CoreUnderTest, nonces: readonly string[]): Promise<void> {
  const waiting = new Set(nonces);
  let scanned = 0;
  return core.waitUntil((all) => {
    for (; scanned < all.length; scanned++) {
      const m = upserted(all[scanned]!);
      if (m?.nonce && m.status === 'sent') waiting.delete(m.nonce);
    }
    return waiting.size === 0;
  });
}

/** The newest copy the core published of each message ID (in the conversation). */
function latestById(core: CoreUnderTest, conversationId: string): Map<string, Message> {
  const latest = new Map<string, Message>();
  for (const e of core.seen) {
    const m = upserted(e);
    if (m?.id && m.conversationId === conversationId) latest.set(m.id, m);
  }
  return latest;
}

async function goOffline(core: CoreUnderTest, accountId: string, proxy: TcpProxy): Promise<void> {
  const offline = next(core, isOffline(accountId));
  proxy.mode = 'refuse';
  proxy.cutAll();
  await offline;
}

async function comeBack(core: CoreUnderTest, accountId: string, proxy: TcpProxy): Promise<void> {
  const online = next(core, isOnline(accountId));
  proxy.mode = 'pass';
  await core.call('connection.retry', { accountId });
  await online;
}

describe('fault injection: exactly once, in order', () => {
  it('1. the server is SIGKILLed after storing a message, before acking: after a restart it exists once and shows sent', async () => {
    const world = await serverWorld({ PARLEY_FAULT_KILL_AFTER_COMMIT: 'create_message' });
    const bob = await peer(world.url);
    const { alice, accountId } = await parley(world.url, await signUp(world.url));
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });

    const offline = next(alice, isOffline(accountId));
    await alice.call<Message>('messages.send', { accountId, conversationId: conversation.id, text: 'stored, never acked', nonce: 'kill-after-commit-1' });
    await world.process.exited; // the fault: committed, then SIGKILL before the ack
    await offline;
    await world.restart(); // same port, same data, no fault
    await bob.backOnline();
    await alice.call('connection.retry', { accountId });
    const settled = upserted(await alice.waitFor(sentWith('kill-after-commit-1')))!;

    const stored = (await serverHistory(bob.socket, conversation.id)).filter((m) => m.message === 'stored, never acked');
    expect(stored).toHaveLength(1);
    expect(settled.id).toBe(stored[0]!.message_id);
  });

  it('2. the ack is lost on the way back: the resend is deduplicated by its nonce, one copy', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const proxy = await proxyTo(world.port);
    const { alice, accountId } = await parley(proxy.url, await signUp(world.url));
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });

    proxy.mode = 'drop-downstream';
    const delivered = nextEvent(bob.socket, 'message', (m) => m.message === 'ack lost');
    await alice.call<Message>('messages.send', { accountId, conversationId: conversation.id, text: 'ack lost', nonce: 'ack-lost-0001' });
    await delivered; // stored and pushed; Alice never heard
    proxy.cutAll();
    proxy.mode = 'pass';
    await alice.call('connection.retry', { accountId });
    await alice.waitFor(sentWith('ack-lost-0001'));

    expect((await serverHistory(bob.socket, conversation.id)).filter((m) => m.message === 'ack lost')).toHaveLength(1);
    expect(bob.received.filter((m) => m.message === 'ack lost')).toHaveLength(1);
  });

  it('3. Parley closed with 50 unsent messages and reopened with the server up: all 50 arrive once, in order', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const proxy = await proxyTo(world.port);
    const first = await parley(proxy.url, await signUp(world.url));
    const conversation = await first.alice.call<Conversation>('conversations.openDirect', { accountId: first.accountId, userId: bob.uin });
    await goOffline(first.alice, first.accountId, proxy);
    const texts = Array.from({ length: 50 }, (_, i) => `queued ${String(i).padStart(2, '0')}`);
    for (const [i, text] of texts.entries()) {
      await first.alice.call('messages.send', { accountId: first.accountId, conversationId: conversation.id, text, nonce: `closed-${String(i).padStart(4, '0')}` });
    }
    await first.alice.stop();
    proxy.mode = 'pass';

    const second = await reopen(first.dataDir);
    await allSent(second, texts.map((_, i) => `closed-${String(i).padStart(4, '0')}`));
    const history = (await serverHistory(bob.socket, conversation.id)).map((m) => m.message);
    expect(history).toEqual(texts);
    expect(bob.received.map((m) => m.message)).toEqual(texts);
  });

  it('4. offline for a while as others talk: every missed message, edit and delete appears, and unread counts are exact', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const carol = await peer(world.url);
    const proxy = await proxyTo(world.port);
    const aliceUser = await signUp(world.url);
    const { alice, accountId } = await parley(proxy.url, aliceUser);
    const direct = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });
    const before = (await ask(bob.socket, 'create_message', { group_id: direct.id, message: 'before the drop', nonce: 'b-0' })).message as Record<string, unknown>;
    await alice.waitFor((e) => upserted(e)?.id === before.message_id);
    await alice.call('conversations.markRead', { accountId, conversationId: direct.id, upToMessageId: before.message_id, upToSentAt: Date.now() });
    expect(alice.core.unreadTotal()).toBe(0);

    await goOffline(alice, accountId, proxy);
    // While Alice is away: Bob talks, edits and deletes; Carol adds Alice to a new group and talks there.
    const sent: Array<Record<string, unknown>> = [];
    for (let i = 1; i <= 5; i++) sent.push((await ask(bob.socket, 'create_message', { group_id: direct.id, message: `missed ${i}`, nonce: `b-${i}` })).message as Record<string, unknown>);
    await ask(bob.socket, 'update_message', { group_id: direct.id, message_id: sent[1]!.message_id, message: 'missed 2, edited' });
    await ask(bob.socket, 'update_message', { group_id: direct.id, message_id: before.message_id, message: 'before the drop, edited' });
    await ask(bob.socket, 'delete_message', { group_id: direct.id, message_id: sent[3]!.message_id });
    const group = (await ask(carol.socket, 'create_group', { type: 2, name: 'Made while away', owner_uin: carol.uin, occupants_uins: [carol.uin, aliceUser.uin, bob.uin] })).group as Record<string, unknown>;
    const groupId = group.group_id as string;
    await ask(carol.socket, 'create_message', { group_id: groupId, message: 'welcome', nonce: 'c-1' });
    await ask(carol.socket, 'create_message', { group_id: groupId, message: 'see you', nonce: 'c-2' });

    // Alice wrote while away: the outbox sends only once the resync is done, so once her
    // message is sent, everything missed has been published.
    await alice.call('messages.send', { accountId, conversationId: direct.id, text: 'I was away', nonce: 'a-back-1' });
    await comeBack(alice, accountId, proxy);
    await alice.waitFor(sentWith('a-back-1'));
    const sentinel = (await ask(bob.socket, 'create_message', { group_id: direct.id, message: 'after', nonce: 'b-after' })).message as Record<string, unknown>;
    await alice.waitFor((e) => upserted(e)?.id === sentinel.message_id);
    // Hers came after everything she missed: the server has it last but for Bob's reply.
    const order = (await serverHistory(bob.socket, direct.id)).map((m) => m.message);
    expect(order.slice(-2)).toEqual(['I was away', 'after']);

    const directNow = latestById(alice, direct.id);
    expect([...directNow.values()].map((m) => [m.text, m.deleted ?? false, m.editedAt !== undefined])).toEqual(
      expect.arrayContaining([
        ['missed 1', false, false],
        ['missed 2, edited', false, true],
        ['missed 3', false, false],
        ['', true, false],
        ['missed 5', false, false],
        ['before the drop, edited', false, true],
        ['I was away', false, false],
        ['after', false, false],
      ]),
    );
    expect(directNow.get(sent[3]!.message_id as string)?.deleted).toBe(true);
    // The group shows with its "created" line first (a system message, never unread), then what Carol said.
    const inGroup = [...latestById(alice, groupId).values()];
    expect(inGroup.map((m) => m.system?.action ?? m.text)).toEqual(['created', 'welcome', 'see you']);
    expect(alice.seen.some((e) => e.name === 'conversation.upserted' && e.payload.conversation.id === groupId)).toBe(true);
    // Unread: missed 1, 2, 3, 5 and "after" (4 was deleted; the edited old message was read) + 2 in the group.
    const runtime = alice.core.runtime(accountId)!;
    expect(runtime.unread.count(direct.id)).toBe(5);
    expect(runtime.unread.count(groupId)).toBe(2);
    // Carol and Alice have never talked: the group is a message request, counted on its row, not in the badge.
    const groupNow = [...alice.seen].reverse().find((e) => e.name === 'conversation.upserted' && e.payload.conversation.id === groupId);
    expect(groupNow?.name === 'conversation.upserted' && groupNow.payload.conversation.request).toBe(true);
    expect(alice.core.unreadTotal()).toBe(5);
    const lastTotal = [...alice.seen].reverse().find((e) => e.name === 'unread.changed');
    expect(lastTotal?.name === 'unread.changed' && lastTotal.payload.total).toBe(5);
  });

  it('5. 500 messages sent while the server is down, then it comes back: all delivered once, in order', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const { alice, accountId } = await parley(world.url, await signUp(world.url));
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });
    const offline = next(alice, isOffline(accountId));
    await world.process.kill('SIGKILL');
    await offline;
    const texts = Array.from({ length: 500 }, (_, i) => `while down ${String(i).padStart(3, '0')}`);
    for (const [i, text] of texts.entries()) {
      await alice.call('messages.send', { accountId, conversationId: conversation.id, text, nonce: `down-${String(i).padStart(4, '0')}` });
    }
    await world.restart();
    await bob.backOnline();
    await alice.call('connection.retry', { accountId });
    await allSent(alice, texts.map((_, i) => `down-${String(i).padStart(4, '0')}`));

    expect((await serverHistory(bob.socket, conversation.id)).map((m) => m.message)).toEqual(texts);
    expect(bob.received.map((m) => m.message)).toEqual(texts);
  }, 60_000);

  it('6. the server restarts while a receiver is connected: nothing the receiver had is duplicated or lost', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const { alice, accountId } = await parley(world.url, await signUp(world.url));
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });
    const ids: string[] = [];
    const say = async (text: string) => {
      const m = (await ask(bob.socket, 'create_message', { group_id: conversation.id, message: text, nonce: `r-${text}` })).message as Record<string, unknown>;
      ids.push(m.message_id as string);
      return m;
    };
    for (let i = 1; i <= 5; i++) await say(`r${i}`);
    await alice.waitUntil(() => ids.every((id) => latestById(alice, conversation.id).has(id)));

    const offline = next(alice, isOffline(accountId));
    await world.restart();
    await offline;
    await bob.backOnline();
    for (let i = 6; i <= 10; i++) await say(`r${i}`); // some before Alice is back, maybe some after
    await alice.call('messages.send', { accountId, conversationId: conversation.id, text: 'still here', nonce: 'a-still-1' });
    await alice.call('connection.retry', { accountId });
    await alice.waitFor(sentWith('a-still-1')); // sent only after the resync
    const sentinel = await say('r-sentinel');
    await alice.waitFor((e) => upserted(e)?.id === sentinel.message_id);

    const fromBob = [...latestById(alice, conversation.id).values()].filter((m) => m.senderId === bob.uin);
    expect(fromBob.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(alice.core.runtime(accountId)!.unread.count(conversation.id)).toBe(11);
    const history = (await serverHistory(bob.socket, conversation.id)).filter((m) => m.sender_uin === bob.uin);
    expect(history.map((m) => m.message_id)).toEqual(ids);
  });
});

describe('dead connections and "Retry now"', () => {
  it('a socket that looks connected but carries nothing (after sleep) is detected by a probe and replaced', async () => {
    const world = await serverWorld();
    const bob = await peer(world.url);
    const proxy = await proxyTo(world.port);
    const { alice, accountId } = await parley(proxy.url, await signUp(world.url), { adapter: { probeTimeoutMs: 800 } });
    const conversation = await alice.call<Conversation>('conversations.openDirect', { accountId, userId: bob.uin });

    proxy.freezeAll(); // the laptop slept; its socket still says "connected"
    const missed = (await ask(bob.socket, 'create_message', { group_id: conversation.id, message: 'while asleep', nonce: 'asleep-1' })).message as Record<string, unknown>;
    const offline = next(alice, isOffline(accountId));
    const online = next(alice, isOnline(accountId));
    alice.core.checkConnections(); // what powerMonitor 'resume' (or the clock-gap watch) calls
    const state = await offline;
    expect(state.name === 'connection.changed' && state.payload.detail).toMatch(/stopped answering/);
    await online;
    await alice.waitFor((e) => upserted(e)?.id === missed.message_id);
  });

  it('a quiet socket is probed by itself, with no wake-up signal at all', async () => {
    const world = await serverWorld();
    const proxy = await proxyTo(world.port);
    const { alice, accountId } = await parley(proxy.url, await signUp(world.url), { adapter: { probeTimeoutMs: 500, idleProbeMs: 1_000 } });
    const replaced = next(alice, isOffline(accountId));
    proxy.freezeAll();
    await replaced;
    await next(alice, isOnline(accountId));
  });

  it('"Retry now" reconnects at once instead of waiting out the back-off', async () => {
    const world = await serverWorld();
    const proxy = await proxyTo(world.port);
    // A back-off far longer than this test may take: only Retry now can bring it back in time.
    const { alice, accountId } = await parley(proxy.url, await signUp(world.url), { adapter: { reconnectDelayMs: 120_000 } });
    await goOffline(alice, accountId, proxy);
    await comeBack(alice, accountId, proxy);
    expect(alice.core.runtime(accountId)!.state).toBe('online');
  });
});
