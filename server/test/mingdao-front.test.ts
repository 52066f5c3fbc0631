// The Mingdao front as a Mingdao client uses it (seeds/004, protocol notes, the shared wire
// decisions): HTTP sign-in, the socket at /mds2 refusing a bad session, 1:1 messages with
// the document's one-argument ack and its errors, pushes to the recipient and to the
// sender's other connections, unread counts and clearing, sessions, recall, pin, shake and
// its 5 s refusal, removeit, inbox sessions, offline delivery, and a socket.io 2.x client.

import ioV2 from 'socket.io-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, signUp } from './support';
import { call, connected, disconnected, next, startMingdaoServer, type MingdaoServer, type SignedIn } from './mingdao-support';

let server: MingdaoServer;
let alice: SignedIn;
let bob: SignedIn;
let carol: SignedIn;

beforeAll(async () => {
  server = await startMingdaoServer();
  [alice, bob, carol] = await Promise.all([server.login('alice'), server.login('bob'), server.login('CAROL', 'carol-parley')]);
});
afterAll(async () => {
  await server.stop();
});

/** A fresh user (signed up on the Netalo API: the same users everywhere), signed in to Mingdao. */
async function freshUser(): Promise<SignedIn> {
  const user = await signUp(server.url, { password: 'correct horse battery' });
  return server.login(user.username, 'correct horse battery');
}

describe('sign-in over HTTP', () => {
  it('answers {pss_id, accountId, name, avatar}, 401 for a wrong password, 400 for a bad body', async () => {
    expect(alice.pss_id).toMatch(/^[0-9a-f]{64}$/);
    expect(alice.accountId).toMatch(/^\d+$/);
    expect(alice.name).toBe('Alice Martin');
    expect(alice.avatar).toBe('');
    const wrong = await postJson(`${server.mingdaoUrl}/mds2/api/login`, { account: 'alice', password: 'nope-nope' });
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid account or password' } });
    expect((await postJson(`${server.mingdaoUrl}/mds2/api/login`, { account: 'alice' })).status).toBe(400);
    expect((await postJson(`${server.mingdaoUrl}/mds2/api/login`, '{not json')).status).toBe(400);
    const get = await fetch(`${server.mingdaoUrl}/mds2/api/login`);
    expect(get.status).toBe(405);
    expect((await postJson(`${server.mingdaoUrl}/mds2/api/nothing`, {})).status).toBe(404);
  });

  it('refuses a handshake without a live session, accepts `token` as well as `pss_id`, and logout ends the session and its sockets', async () => {
    await expect(connected(server.socket(undefined))).rejects.toThrow('unauthorized');
    await expect(connected(server.socket('f'.repeat(64)))).rejects.toThrow('unauthorized');
    const me = await server.login('carol');
    const viaToken = server.socket(me.pss_id, { via: 'token' });
    await connected(viaToken);
    const gone = disconnected(viaToken);
    const out = await postJson(`${server.mingdaoUrl}/mds2/api/logout`, {}, { Authorization: `md_pss_id ${me.pss_id}` });
    expect(out).toEqual({ status: 200, body: {} });
    await gone;
    await expect(connected(server.socket(me.pss_id))).rejects.toThrow('unauthorized');
    expect((await postJson(`${server.mingdaoUrl}/mds2/api/logout`, {}, { Authorization: `md_pss_id ${me.pss_id}` })).status).toBe(401);
  });

  it('refuses a session that expired at the handshake, and drops a connected socket whose session expired at its next event', async () => {
    const me = await server.login('carol');
    const live = server.socket(me.pss_id);
    await connected(live);
    server.advance(31 * 24 * 3600 * 1000);
    try {
      await expect(connected(server.socket(me.pss_id))).rejects.toThrow('unauthorized');
      const gone = disconnected(live);
      live.emit('unread count', {}, () => {
        throw new Error('answered after expiry');
      });
      expect(await gone).toBe('io server disconnect');
    } finally {
      server.advance(-31 * 24 * 3600 * 1000);
    }
  });
});

describe('1:1 messages', () => {
  it('acks with one argument {id}, pushes "new message" to the recipient and to the sender\'s other connection, not back to the sender', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const b = await server.online(bob);
    const toBob = next(b.socket, 'new message', (m) => m.msg !== undefined && (m.msg as { con: string }).con === 'hello bob');
    const toOther = next(a2.socket, 'new message', (m) => (m.msg as { con: string }).con === 'hello bob');
    const ack = await call(a1.socket, 'send message', { touser: bob.accountId, msg: 'hello bob', type: 1 });
    expect(ack).toHaveLength(1);
    const { id } = ack[0] as { id: string };
    expect(id).toMatch(/^\d+$/);
    const pushed = await toBob;
    expect(pushed).toMatchObject({ id, from: alice.accountId, uname: 'Alice Martin', logo: '', to: bob.accountId, type: 1, msg: { con: 'hello bob' } });
    expect(typeof pushed.time).toBe('number');
    expect(await toOther).toEqual(pushed);
    // The sending connection got only its ack: a probe it sends itself arrives at bob after.
    const probe = next(b.socket, 'new message', (m) => (m.msg as { con: string }).con === 'probe');
    await call(a1.socket, 'send message', { touser: bob.accountId, msg: 'probe' });
    await probe;
    expect((a1.seen.get('new message') ?? []).filter((m) => (m as { from: string }).from === alice.accountId)).toEqual([]);
  });

  it('carries files, cards and a refer to an earlier message of the same chat', async () => {
    const a = await server.online(alice);
    const b = await server.online(bob);
    const [first] = (await call(a.socket, 'send message', { touser: bob.accountId, msg: 'quoted' })) as [{ id: string }];
    const pushed = next(b.socket, 'new message', (m) => m.type === 5);
    const card = { title: 'Task', url: 'https://example.org/task/1', md: 'task' };
    const [sent] = (await call(a.socket, 'send message', { touser: bob.accountId, msg: '', type: 5, card, refer: { msgid: first.id } })) as [{ id: string }];
    expect(await pushed).toMatchObject({ id: sent.id, card, refer: { msgid: first.id, msg: 'quoted', user: { id: alice.accountId, name: 'Alice Martin' } } });
    const file = { url: 'https://example.org/f.png', name: 'f.png', size: 3 };
    const withFile = next(b.socket, 'new message', (m) => m.type === 2);
    await call(a.socket, 'send message', { touser: bob.accountId, type: 2, file });
    expect((await withFile).msg).toEqual({ con: '', files: file });
    expect(await call(a.socket, 'send message', { touser: bob.accountId, msg: 'x', refer: { msgid: '12345' } })).toEqual([{ error: 'refer not found' }]);
  });

  it('answers the document\'s errors: not my contract (self, unknown), and removeit after `remove contact`, both ways', async () => {
    const a = await server.online(alice);
    expect(await call(a.socket, 'send message', { touser: alice.accountId, msg: 'me' })).toEqual([{ error: 'not my contract' }]);
    expect(await call(a.socket, 'send message', { touser: '999999', msg: 'who' })).toEqual([{ error: 'not my contract' }]);
    const dave = await freshUser();
    const d = await server.online(dave);
    expect(await call(a.socket, 'send message', { touser: dave.accountId, msg: 'hi dave' })).toEqual([{ id: expect.any(String) }]);
    expect(await call(d.socket, 'remove contact', { id: alice.accountId })).toEqual([false, 1]);
    expect(await call(a.socket, 'send message', { touser: dave.accountId, msg: 'still?' })).toEqual([{ error: 'removeit' }]);
    expect(await call(d.socket, 'send message', { touser: alice.accountId, msg: 'still?' })).toEqual([{ error: 'removeit' }]);
    expect(await call(a.socket, 'shake shake', { aid: dave.accountId, messageId: 'm1' })).toEqual([{ error: 'removeit' }]);
    expect(await call(d.socket, 'remove contact', { id: '999999' })).toEqual([{ error: 'user not found' }]);
  });

  it('delivers what came while offline at connection, oldest first, until cleared; tells a missed withdraw', async () => {
    const erin = await freshUser();
    const a = await server.online(alice);
    const sent: string[] = [];
    for (const text of ['one', 'two', 'three']) sent.push(((await call(a.socket, 'send message', { touser: erin.accountId, msg: text })) as [{ id: string }])[0].id);
    const e1 = await server.online(erin);
    const welcome = e1.seen.get('new inbox message');
    expect(welcome).toEqual([{ type: 3, value: 'system', msg: { con: expect.stringContaining('Welcome') }, time: expect.any(Number), id: expect.any(String) }]);
    // Pushed right at connection: they are already here when a round trip comes back.
    await call(e1.socket, 'current chat', { id: alice.accountId });
    expect((e1.seen.get('new message') as Array<{ id: string }>).map((m) => m.id)).toEqual(sent);
    e1.socket.disconnect();
    // Withdrawn while erin is offline, after it reached her: told at her next connection.
    expect(await call(a.socket, 'withdraw user message', { id: sent[1], touser: erin.accountId })).toEqual([false, 1]);
    const e2 = await server.online(erin);
    await call(e2.socket, 'clear unread', { type: 1, id: alice.accountId });
    expect(e2.seen.get('withdraw message')).toEqual([{ id: sent[1], from: alice.accountId, to: erin.accountId }]);
    expect((e2.seen.get('new message') as Array<{ id: string }>).map((m) => m.id)).toEqual([sent[0], sent[2]]);
    expect(e2.seen.get('new inbox message')).toBeUndefined(); // the welcome exists once
    e2.socket.disconnect();
    const e3 = await server.online(erin);
    await call(e3.socket, 'current chat', { id: '' });
    expect(e3.seen.get('new message')).toBeUndefined();
    expect(e3.seen.get('withdraw message')).toBeUndefined();
  });
});

describe('unread counts and sessions', () => {
  it('counts unread per user and group, lists sessions with the last message, and clears (telling other connections)', async () => {
    const frank = await freshUser();
    const f1 = await server.online(frank);
    const f2 = await server.online(frank);
    const c = await server.online(carol);
    await call(c.socket, 'send message', { touser: frank.accountId, msg: 'c1' });
    await call(c.socket, 'send message', { touser: frank.accountId, msg: 'c2' });
    const [, group] = (await call(c.socket, 'create group', { name: 'Team', members: [frank.accountId] })) as [false, { id: string; name: string; members: string[] }];
    expect(group).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Team', members: [carol.accountId, frank.accountId] });
    await call(c.socket, 'send group message', { togroup: group.id, msg: 'g1' });

    const [err, counts] = await call(f1.socket, 'unread count', {});
    expect(err).toBe(false);
    expect(counts).toEqual({ user: [{ id: carol.accountId, num: 2 }], group: [{ id: group.id, num: 1, ispush: true, at: false }], num: 3, notPush: 0 });
    expect(await call(f1.socket, 'all unread')).toEqual([false, { count: 4, notPush: 0 }]); // + the welcome notice

    const [, { list }] = (await call(f1.socket, 'sessions', {})) as [false, { list: Array<Record<string, unknown>> }];
    expect(list.map((s) => [s.type, s.id])).toEqual([
      [2, group.id],
      [1, carol.accountId],
      [3, 'system'],
    ]);
    expect(list[0]).toMatchObject({ name: 'Team', logo: '', unread: 1, top: false, ispush: true, msg: { from: carol.accountId, con: 'g1', type: 1 } });
    expect(list[1]).toMatchObject({ name: 'Carol Nguyen', unread: 2, msg: { con: 'c2', from: carol.accountId } });
    expect(list[2]).toMatchObject({ unread: 1, name: 'System', msg: { con: expect.stringContaining('Welcome') } });
    expect(await call(f1.socket, 'session info', { type: 1, id: carol.accountId })).toEqual([false, list[1]]);
    expect(await call(f1.socket, 'session info', { type: 2, id: '424242' })).toEqual([{ error: 'session not found' }]);

    const told = next(f2.socket, 'clear unread');
    expect(await call(f1.socket, 'clear unread', { type: '1', id: carol.accountId })).toEqual([false, 1]);
    expect(await told).toEqual({ type: 1, id: carol.accountId });
    expect(((await call(f1.socket, 'unread count')) as [false, { num: number }])[1].num).toBe(1);

    const allTold = next(f2.socket, 'clear all unread');
    expect(await call(f1.socket, 'clear all unread', {})).toEqual([false, 1]);
    expect(await allTold).toEqual({});
    expect(await call(f1.socket, 'all unread')).toEqual([false, { count: 0, notPush: 0 }]);
    expect(await call(f1.socket, 'inbox unread')).toEqual([false, [{ type: 3, value: 'system', time: expect.any(Number), msg: { con: expect.any(String) }, count: 0 }]]);
  });

  it('pins with "sticky on top" (pinned first, told to other connections) and removes a session until its next message', async () => {
    const gina = await freshUser();
    const g1 = await server.online(gina);
    const g2 = await server.online(gina);
    const b = await server.online(bob);
    await call(b.socket, 'send message', { touser: gina.accountId, msg: 'first' });
    const pinned = next(g2.socket, 'sticky on top');
    expect(await call(g1.socket, 'sticky on top', { type: 3, id: 'system', top: true })).toEqual([false, 1]);
    expect(await pinned).toEqual({ type: 3, id: 'system', top: true });
    const order = async () => (((await call(g1.socket, 'sessions', { page: 1, size: 10 })) as [false, { list: Array<{ type: number; top: boolean }> }])[1].list).map((s) => [s.type, s.top]);
    expect(await order()).toEqual([
      [3, true],
      [1, false],
    ]);
    expect(await call(g1.socket, 'sticky on top', { type: 1, id: '999999', top: true })).toEqual([{ error: 'session not found' }]);

    const removed = next(g2.socket, 'session removed');
    expect(await call(g1.socket, 'remove session', { type: 1, id: bob.accountId })).toEqual([false, 1]);
    expect(await removed).toEqual({ id: bob.accountId, type: 1 });
    expect(await order()).toEqual([[3, true]]);
    await call(b.socket, 'send message', { touser: gina.accountId, msg: 'back' });
    expect(await order()).toEqual([
      [3, true],
      [1, false],
    ]);
    expect(await call(g1.socket, 'sessions', { page: 2, size: 10 })).toEqual([false, { list: [] }]);
  });
});

describe('withdraw, shake, and the accepted extras', () => {
  it('withdraws a 1:1 message: (false, 1), "withdraw message" to the other side and to the sender\'s other connection', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const b = await server.online(bob);
    const [{ id }] = (await call(a1.socket, 'send message', { touser: bob.accountId, msg: 'oops' })) as [{ id: string }];
    const toBob = next(b.socket, 'withdraw message', (w) => w.id === id);
    const toOther = next(a2.socket, 'withdraw message', (w) => w.id === id);
    expect(await call(b.socket, 'withdraw user message', { id, touser: alice.accountId })).toEqual([{ error: 'not your message' }]);
    expect(await call(a1.socket, 'withdraw user message', { id, touser: alice.accountId })).toEqual([{ error: 'message not found' }]);
    expect(await call(a1.socket, 'withdraw user message', { id, touser: bob.accountId })).toEqual([false, 1]);
    expect(await toBob).toEqual({ id, from: alice.accountId, to: bob.accountId });
    expect(await toOther).toEqual({ id, from: alice.accountId, to: bob.accountId });
    expect(await call(a1.socket, 'withdraw user message', { id, touser: bob.accountId })).toEqual([false, 1]); // again: nothing more
    const info = (await call(b.socket, 'session info', { type: 1, id: alice.accountId })) as [false, { msg: { id: string } }];
    expect(info[1].msg.id).not.toBe(id);
  });

  it('shakes: (false, 1), "shake shake" {aid: sender} and a type-6 "new message"; again within 5 s is too frequent', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    const c = await server.online(carol);
    const shaken = next(c.socket, 'shake shake');
    const line = next(c.socket, 'new message', (m) => m.type === 6);
    const otherLine = next(a2.socket, 'new message', (m) => m.type === 6);
    expect(await call(a1.socket, 'shake shake', { aid: carol.accountId, messageId: 'local-1' })).toEqual([false, 1]);
    expect(await shaken).toEqual({ aid: alice.accountId });
    expect(await line).toMatchObject({ from: alice.accountId, to: carol.accountId, type: 6, msg: { con: '' } });
    expect(await otherLine).toMatchObject({ type: 6, from: alice.accountId });
    expect(await call(a1.socket, 'shake shake', { aid: carol.accountId, messageId: 'local-2' })).toEqual([{ error: 'too frequent' }]);
    // Another receiver is not affected, and after 5 s carol can be shaken again.
    expect(await call(a1.socket, 'shake shake', { aid: bob.accountId, messageId: 'local-3' })).toEqual([false, 1]);
    server.advance(5000);
    expect(await call(a1.socket, 'shake shake', { aid: carol.accountId, messageId: 'local-4' })).toEqual([false, 1]);
    expect(await call(a1.socket, 'shake shake', { aid: alice.accountId })).toEqual([{ error: 'not my contract' }]);
  });

  it('accepts current chat, clear chat, operate, voice as read and clear notification; refuses upload token clearly', async () => {
    const a1 = await server.online(alice);
    const a2 = await server.online(alice);
    expect(await call(a1.socket, 'current chat', { id: bob.accountId })).toEqual([false, 1]);
    expect(await call(a1.socket, 'clear chat')).toEqual([false, 1]);
    expect(await call(a1.socket, 'operate', { anything: 1 })).toEqual([false, 1]);
    const voice = next(a2.socket, 'voice as read');
    expect(await call(a1.socket, 'voice as read', { messageId: '123' })).toEqual([false, 1]);
    expect(await voice).toEqual({ messageId: '123' });
    const cleared = next(a2.socket, 'clear notification');
    expect(await call(a1.socket, 'clear notification', { type: 'system', value: 0, clear: true })).toEqual([false, 1]);
    expect(await cleared).toEqual({ time: expect.any(Number), type: 'system', value: 0 });
    expect(await call(a1.socket, 'clear notification', { type: 'nothing' })).toEqual([{ error: 'unknown inbox type' }]);
    // An inbox type through `clear unread` (what a client that keys inbox sessions by type sends).
    expect(await call(a1.socket, 'clear unread', { type: 3, id: '3' })).toEqual([false, 1]);
    expect(((await call(a1.socket, 'session info', { type: 3, id: '3' })) as [false, { id: string; unread: number }])[1]).toMatchObject({ id: 'system', unread: 0 });
    expect(await call(a1.socket, 'upload token', { type: 1 })).toEqual([{ error: 'upload not available: this server has no Qiniu storage' }]);
  });
});

describe('socket.io-client 2.x (Engine.IO 3)', () => {
  it('connects at /mds2 over long-polling then WebSocket, sends, and is pushed', async () => {
    const b = await server.online(bob);
    const old = ioV2(server.mingdaoUrl, { path: '/mds2', query: { pss_id: alice.pss_id, token: alice.pss_id, app: 'parley' }, forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        old.once('connect', () => resolve());
        old.once('error', (e) => reject(new Error(String(e))));
      });
      const pushed = next(b.socket, 'new message', (m) => (m.msg as { con: string }).con === 'from 2.x');
      const ack = await new Promise<unknown[]>((resolve) => old.emit('send message', { touser: bob.accountId, msg: 'from 2.x' }, (...a: unknown[]) => resolve(a)));
      expect(ack).toEqual([{ id: expect.any(String) }]);
      await pushed;
      const toOld = new Promise<unknown>((resolve) => old.on('new message', (m) => resolve(m)));
      await call(b.socket, 'send message', { touser: alice.accountId, msg: 'to 2.x' });
      expect(await toOld).toMatchObject({ from: bob.accountId, msg: { con: 'to 2.x' } });
      const counts = await new Promise<unknown[]>((resolve) => old.emit('unread count', {}, (...a: unknown[]) => resolve(a)));
      expect(counts[0]).toBe(false);
    } finally {
      old.close();
    }
  });
});
