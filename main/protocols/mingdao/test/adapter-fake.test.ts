// The Mingdao adapter against a FAKE Mingdao server (fake-mingdao-server.ts): the cases the
// real front cannot produce on demand: lost and garbled acks, `removeit`, a refused session,
// malformed and hostile pushes, a server that goes away and comes back on the same port.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { MingdaoAdapter } from '../adapter';
import { mingdaoFactory } from '../factory';
import { secretOf } from '../session-secret';
import { BOB, GOOD_SESSION, ME, startFakeMingdao, type FakeMingdao } from './fake-mingdao-server';

const SECRET = 'S3CRET-payload-content-9f2c';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(url: string, pssId = GOOD_SESSION): AdapterSession {
  return { protocol: 'mingdao', serverUrl: url, userId: ME, username: 'alice', displayName: 'Alice', secret: secretOf(pssId) };
}

async function setUp(opts: { pssId?: string; fake?: FakeMingdao } = {}) {
  const fake = opts.fake ?? (await startFakeMingdao());
  if (!opts.fake) cleanups.push(() => fake.close());
  const log = createMemoryLogger();
  const adapter = new MingdaoAdapter(session(fake.url, opts.pssId), log, { ackTimeoutMs: 400, reconnectDelayMs: 50, shakeLineWaitMs: 100, probeTimeoutMs: 200 });
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  /** The first event from index `from` on that passes `test`, now or when it comes. */
  const next = <T extends AdapterEvent = AdapterEvent>(test: (e: AdapterEvent) => boolean, from = 0) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found as T);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  return { fake, adapter, events, next, log };
}

const online = (e: AdapterEvent) => e.type === 'connection' && e.state === 'online';
type MessageEvent = Extract<AdapterEvent, { type: 'message' }>;
type ChangedEvent = Extract<AdapterEvent, { type: 'conversation-changed' }>;

describe('Mingdao sign-in', () => {
  it('posts {account, password} to /mds2/api/login and keeps only the pss_id; a wrong password is invalid-credentials', async () => {
    const fake = await startFakeMingdao();
    cleanups.push(() => fake.close());
    const s = await mingdaoFactory.signIn({ protocol: 'mingdao', serverUrl: fake.url, login: ' alice ', password: 'right' });
    expect(s).toMatchObject({ protocol: 'mingdao', userId: ME, username: 'alice', displayName: 'Alice', secret: { version: 1 } });
    expect(JSON.parse(s.secret.value)).toEqual({ pss_id: GOOD_SESSION });
    await expect(mingdaoFactory.signIn({ protocol: 'mingdao', serverUrl: fake.url, login: 'alice', password: 'wrong' })).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('connects at path /mds2 with pss_id, token and app in the query', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    await adapter.listConversations({ limit: 20 });
    expect(fake.received[0]?.query).toMatchObject({ pss_id: GOOD_SESSION, token: GOOD_SESSION, app: 'parley' });
  });

  it('ends the session, without retrying, when the handshake is refused as unauthorized', async () => {
    const { fake, next } = await setUp({ pssId: 'stale' });
    expect(await next((e) => e.type === 'session-ended')).toEqual({ type: 'session-ended', reason: 'expired' });
    expect(fake.sockets).toHaveLength(0);
  });
});

describe('sending with acks', () => {
  it('sends 1:1 and group messages and takes the id from the one-argument ack', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    const direct = await adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'hi bob', nonce: 'n-1' });
    expect(direct).toMatchObject({ conversationId: `user:${BOB}`, senderId: ME, text: 'hi bob', status: 'sent', id: expect.stringMatching(/^\d+$/) });
    await adapter.sendMessage({ conversationId: 'group:g1', text: 'hi all', nonce: 'n-2' });
    expect(fake.received.map((r) => [r.event, r.data])).toEqual([
      ['send message', { touser: BOB, msg: 'hi bob', type: 1 }],
      ['send group message', { togroup: 'g1', msg: 'hi all', type: 1 }],
    ]);
  });

  it('removeit keeps the conversation but makes it read-only, with the reason; group and 1:1 say which', async () => {
    const { fake, adapter, events, next } = await setUp();
    await next(online);
    fake.behaviours.set('send message', { ack: [{ error: 'removeit' }] });
    fake.behaviours.set('send group message', { ack: [{ error: 'removeit' }] });
    await expect(adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'x', nonce: 'n-3' })).rejects.toMatchObject({ code: 'forbidden', message: /no longer one of your Mingdao contacts/ });
    await expect(adapter.sendMessage({ conversationId: 'group:g1', text: 'x', nonce: 'n-4' })).rejects.toMatchObject({ code: 'forbidden', message: /no longer a member/ });
    const changes = events.filter((e): e is ChangedEvent => e.type === 'conversation-changed');
    expect(changes.map((e) => [e.conversationId, e.changes.permissions?.send])).toEqual([
      [`user:${BOB}`, false],
      ['group:g1', false],
    ]);
    expect(events.some((e) => e.type === 'conversation-removed')).toBe(false);
  });

  it('another send error is server-error; a lost ack is timeout; a garbled one is timeout too (outcome unknown); offline before anything left', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    fake.behaviours.set('send message', { ack: [{ error: 'database error' }] });
    await expect(adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'a', nonce: 'n-5' })).rejects.toMatchObject({ code: 'server-error' });
    fake.behaviours.set('send message', 'silent');
    await expect(adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'b', nonce: 'n-6' })).rejects.toMatchObject({ code: 'timeout' });
    fake.behaviours.set('send message', { ack: [{ id: { $gt: '' } }] });
    await expect(adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'c', nonce: 'n-7' })).rejects.toMatchObject({ code: 'timeout' });
    fake.behaviours.set('clear unread', { ack: [{ error: 'nope' }] });
    await expect(adapter.markRead({ conversationId: `user:${BOB}`, upToMessageId: '1' })).rejects.toMatchObject({ code: 'server-error' });
    fake.behaviours.set('clear unread', { ack: ['garbage', 1] });
    await expect(adapter.markRead({ conversationId: `user:${BOB}`, upToMessageId: '1' })).rejects.toMatchObject({ code: 'server-error' });
    await expect(adapter.sendMessage({ conversationId: 'inbox:3', text: 'x', nonce: 'n-8' })).rejects.toMatchObject({ code: 'forbidden' });
    adapter.close();
    await expect(adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'd', nonce: 'n-9' })).rejects.toMatchObject({ code: 'offline' });
  });

  it('settles a lost ack from the last message (`session info`): ours → found; older than the attempt → resend; someone else wrote since → cannot tell', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    const at = Date.now();
    const item = (msg: Record<string, unknown>) => ({ ack: [false, { type: 1, id: BOB, name: 'Bob', unread: 0, time: msg.time, msg }] });
    fake.behaviours.set('session info', item({ id: '77', from: ME, con: 'lost?', type: 1, time: at + 5 }));
    expect(await adapter.findSentMessage({ conversationId: `user:${BOB}`, text: 'lost?', notBefore: at, exclude: [] })).toMatchObject({ id: '77', senderId: ME });
    fake.behaviours.set('session info', item({ id: '70', from: BOB, con: 'old', type: 1, time: at - 3_600_000 }));
    expect(await adapter.findSentMessage({ conversationId: `user:${BOB}`, text: 'lost?', notBefore: at, exclude: [] })).toBeNull();
    fake.behaviours.set('session info', item({ id: '78', from: BOB, con: 'reply', type: 1, time: at + 10 }));
    await expect(adapter.findSentMessage({ conversationId: `user:${BOB}`, text: 'lost?', notBefore: at, exclude: [] })).rejects.toMatchObject({ code: 'server-error' });
    expect(fake.received.filter((r) => r.event === 'session info')[0]?.data).toEqual({ type: 1, id: BOB });
  });
});

describe('pushes', () => {
  it('maps 1:1, group, own-copy and shake messages; a conversation seen first in a push is looked up before its message', async () => {
    const { fake, next, events } = await setUp();
    await next(online);
    fake.behaviours.set('session info', { ack: [false, { type: 1, id: BOB, name: 'Bob', unread: 1, time: 1_800_000_000_000, msg: { id: 'm1', from: BOB, con: 'hello', type: 1, time: 1_800_000_000_000 } }] });
    const socket = fake.sockets[0]!;
    socket.emit('new message', { id: 'm1', from: BOB, uname: 'Bob', to: ME, type: 1, msg: { con: 'hello' }, time: 1_800_000_000_000 });
    const first = await next<MessageEvent>((e) => e.type === 'message');
    expect(first.message).toMatchObject({ conversationId: `user:${BOB}`, id: 'm1', senderId: BOB, kind: 'text', text: 'hello', sentAt: 1_800_000_000_000 });
    const conversationAt = events.findIndex((e) => e.type === 'conversation');
    expect(conversationAt).toBeGreaterThanOrEqual(0);
    expect(conversationAt).toBeLessThan(events.indexOf(first));
    socket.emit('new group message', { id: 'm2', from: BOB, to: 'g1', groupname: 'Climbers', type: 1, msg: { con: 'all' }, time: 1_800_000_000_001 });
    expect((await next<MessageEvent>((e) => e.type === 'message' && e.message.id === 'm2')).message).toMatchObject({ conversationId: 'group:g1', senderId: BOB });
    socket.emit('new message', { id: 'm3', from: ME, to: BOB, type: 1, msg: { con: 'from my phone' }, time: 1_800_000_000_002 });
    expect((await next<MessageEvent>((e) => e.type === 'message' && e.message.id === 'm3')).message).toMatchObject({ conversationId: `user:${BOB}`, senderId: ME });
    socket.emit('new message', { id: 'm4', from: BOB, to: ME, type: 6, msg: { con: '' }, time: 1_800_000_000_003 });
    socket.emit('shake shake', { aid: BOB });
    expect((await next<MessageEvent>((e) => e.type === 'message' && e.message.id === 'm4')).message).toMatchObject({ kind: 'nudge', senderId: BOB });
    // The push alone (a server without the type-6 line) still shows one line.
    socket.emit('group shake', { from: BOB, gid: 'g1' });
    expect((await next<MessageEvent>((e) => e.type === 'message' && e.message.conversationId === 'group:g1' && e.message.kind === 'nudge')).message.senderId).toBe(BOB);
    socket.emit('new message', { id: 'm5', from: BOB, to: ME, type: 1, msg: { con: 'after' }, time: 1_800_000_000_004 });
    await next((e) => e.type === 'message' && e.message.id === 'm5');
    expect(events.filter((e) => e.type === 'message' && e.message.kind === 'nudge')).toHaveLength(2);
  });

  it('group notices and member changes arrive as partial conversation updates', async () => {
    const { fake, next, events } = await setUp();
    await next(online);
    const socket = fake.sockets[0]!;
    socket.emit('new group', { id: 'g2', name: 'Hikers', cuser: BOB, isPush: true, members: [BOB] });
    expect(await next((e) => e.type === 'conversation')).toMatchObject({ conversation: { id: 'group:g2', title: 'Hikers', memberIds: [ME, BOB], ownerId: BOB } });
    socket.emit('group member added', { id: 'g2', name: 'Hikers', users: [{ AccountID: '1003', Fullname: 'Carol' }] });
    socket.emit('group member removed', { id: 'g2', name: 'Hikers', aid: BOB });
    socket.emit('group renamed', { oldName: 'Hikers', name: 'Walkers', gid: 'g2', user: { id: BOB } });
    socket.emit('set group notice', { gid: 'g2', aid: ME, isPush: false });
    socket.emit('ban speak', { groupid: 'g2', operator: { accountId: BOB } });
    socket.emit('permit speak', { groupid: 'g2', operator: { accountId: BOB } });
    socket.emit('sticky on top', { type: 2, id: 'g2', top: true });
    socket.emit('clear unread', { type: 2, id: 'g2' });
    socket.emit('removed from group', { id: 'g2', name: 'Walkers' });
    await next((e) => e.type === 'conversation-changed' && e.changes.permissions?.reason === 'You are no longer a member of this group');
    const changes = events.filter((e): e is ChangedEvent => e.type === 'conversation-changed').map((e) => e.changes);
    expect(changes).toEqual([
      { memberIds: [ME, BOB, '1003'], permissions: { send: true } },
      { memberIds: [ME, '1003'] },
      { title: 'Walkers' },
      { muted: true },
      { permissions: { send: false, reason: 'An admin has stopped members from writing in this group' } },
      { permissions: { send: true } },
      { pinned: true },
      { unreadCount: 0 },
      { permissions: { send: false, reason: 'You are no longer a member of this group' } },
    ]);
  });

  it('recall, inbox notices (read-only) and removed sessions', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    const socket = fake.sockets[0]!;
    socket.emit('withdraw message', { id: 'm9', from: BOB, to: ME });
    expect(await next((e) => e.type === 'message-removed')).toEqual({ type: 'message-removed', conversationId: `user:${BOB}`, messageId: 'm9' });
    socket.emit('new inbox message', { type: 3, value: 'system', msg: { con: 'Welcome' }, time: 1_800_000_000_000, id: 'n1' });
    expect(await next((e) => e.type === 'conversation')).toMatchObject({ conversation: { id: 'inbox:3', permissions: { send: false } } });
    expect(await next((e) => e.type === 'message')).toMatchObject({ message: { conversationId: 'inbox:3', text: 'Welcome', kind: 'text' } });
    socket.emit('session removed', { id: BOB, type: 1 });
    expect(await next((e) => e.type === 'conversation-removed')).toEqual({ type: 'conversation-removed', conversationId: `user:${BOB}` });
    await adapter.deleteMessage({ conversationId: 'group:g1', messageId: 'm7' });
    expect(fake.received.at(-1)).toMatchObject({ event: 'withdraw group message', data: { id: 'm7', togroup: 'g1' } });
  });

  it('drops malformed and hostile packets, logs them without their content, and keeps going', async () => {
    const { fake, adapter, events, next, log } = await setUp();
    await next(online);
    const socket = fake.sockets[0]!;
    const hostile: unknown[] = [
      null,
      'x',
      42,
      [],
      { id: SECRET },
      { id: 'm1', from: BOB, to: ME, type: 1, msg: { con: SECRET.repeat(5000) } },
      { id: 'm1', from: { __proto__: { polluted: true } }, to: ME, type: 1, msg: { con: SECRET } },
      JSON.parse(`{"__proto__": {"polluted": "${SECRET}"}, "id": "m1", "from": "${BOB}", "to": "x y", "type": 1, "msg": {"con": "${SECRET}"}}`),
      { id: 'm1', from: BOB, to: ME, type: 1e300, msg: { con: SECRET } },
      { id: 'm1', from: BOB, to: ME, type: 1, msg: { con: SECRET }, time: 'not a time' },
      { id: 2 ** 64, from: BOB, to: ME, type: 1, msg: { con: SECRET } },
    ];
    let deep: unknown = SECRET;
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    hostile.push(deep);
    const events_ = ['new message', 'new group message', 'withdraw message', 'sticky on top', 'clear unread', 'shake shake', 'group shake', 'new group', 'group member added', 'group member removed', 'removed from group', 'group renamed', 'set group notice', 'ban speak', 'permit speak', 'session removed', 'new inbox message'];
    for (const name of events_) for (const packet of hostile) socket.emit(name, packet);
    socket.emit('an event nobody knows', { con: SECRET });
    fake.behaviours.set('sessions', { ack: [false, { list: [{ type: 1, id: BOB, name: 'Bob', unread: 2 }, { type: 'x', id: SECRET }, null, { type: 3, id: 'sys', name: 'System', unread: 1 }] }] });
    const page = await adapter.listConversations({ limit: 20 });
    expect(page.items.map((c) => [c.id, c.unreadCount, c.permissions?.send])).toEqual([
      [`user:${BOB}`, 2, undefined],
      ['inbox:3', 1, false],
    ]);
    socket.emit('new message', { id: 'ok1', from: BOB, to: ME, type: 1, msg: { con: 'still fine' }, time: 1_800_000_000_000 });
    await next((e) => e.type === 'message' && e.message.id === 'ok1');
    // No hostile packet became a message (the ones well-formed for some other event, such as
    // {id, type} for "session removed", are that event and do what it says).
    expect(events.filter((e) => e.type === 'message').map((e) => (e as MessageEvent).message.id)).toEqual(['ok1']);
    expect(JSON.stringify(events)).not.toContain('polluted');
    expect(log.lines.some((l) => l.includes('dropped a malformed'))).toBe(true);
    expect(log.lines.some((l) => l.includes(SECRET))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('reconnecting', () => {
  it('a probe that gets no answer replaces the connection; one that does changes nothing', async () => {
    const { fake, adapter, next, events } = await setUp();
    await next(online);
    adapter.checkConnection();
    await fake.receivedAtLeast('unread count', 1);
    await adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'answered', nonce: 'n-12' });
    expect(fake.sockets).toHaveLength(1);
    fake.behaviours.set('unread count', 'silent');
    const mark = events.length;
    adapter.checkConnection();
    await next((e) => e.type === 'connection' && e.state === 'offline', mark);
    await next(online, mark);
    await fake.connections(2);
  });

  it('comes back after the server hangs up, and after it restarts on the same port; a request waiting then fails as timeout', async () => {
    const fake = await startFakeMingdao();
    const { adapter, next, events } = await setUp({ fake });
    await next(online);
    fake.sockets[0]!.disconnect(true);
    await next((e) => e.type === 'connection' && e.state === 'offline');
    await next(online, events.length);
    expect(fake.sockets).toHaveLength(2);

    fake.behaviours.set('send message', 'silent');
    const waiting = adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'in flight', nonce: 'n-10' });
    const failed = expect(waiting).rejects.toMatchObject({ code: 'timeout' });
    await fake.receivedAtLeast('send message', 1);
    const port = fake.port;
    await fake.close();
    await failed;
    const mark = events.length;
    const again = await startFakeMingdao(port);
    cleanups.push(() => again.close());
    await next(online, mark);
    expect(await adapter.sendMessage({ conversationId: `user:${BOB}`, text: 'after restart', nonce: 'n-11' })).toMatchObject({ status: 'sent' });
  });
});
