// The adapter against fakeNetaloServer: a server that misbehaves in ways the reference server
// never does. Everything a well-behaved server does is tested in adapter-server.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { ParleyError } from '../../../../contract/errors';
import { NetaloAdapter } from '../adapter';
import { fakeNetaloServer, type FakeNetaloServer } from './fake-netalo-server';
import { nextEvent, nextState, record, rejection } from './helpers';

// All above 2^53, as real Netalo IDs are.
const ME = '1152921504606846977';
const PEER = '1152921504606846978';
const GROUP = '1152921504606847000';
/** A real message_id seen on a Netalo server; as a double it would read ...201216. */
const BIG = '273644758776201233';
const SECRET = 'SECRET-MESSAGE-TEXT';

const validMessage = {
  message_id: BIG,
  group_id: GROUP,
  type: 1,
  message: 'hello',
  sender_uin: PEER,
  sender_name: 'Bob',
  nonce: 'n-1',
  version: 0,
  status: 1,
  created_at: 1_700_000_000_123_456, // µs
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionFor(serverUrl: string): AdapterSession {
  return { protocol: 'netalo', serverUrl, userId: ME, username: 'me', displayName: 'Me', secret: { version: 1, value: 'f'.repeat(64) } };
}

async function setup(login: { result: number; uin?: string } = { result: 0, uin: ME }, requestTimeoutMs?: number) {
  const fake = await fakeNetaloServer(login);
  const log = createMemoryLogger();
  const adapter = new NetaloAdapter(sessionFor(fake.url), log, requestTimeoutMs ? { requestTimeoutMs } : {});
  cleanups.push(() => fake.close(), () => adapter.close());
  return { fake, log, adapter };
}

async function online(fake: FakeNetaloServer, adapter: NetaloAdapter) {
  const isOnline = nextState(adapter, 'online');
  adapter.connect();
  const socket = await fake.nextSocket();
  await isOnline;
  return socket;
}

const warnings = (lines: string[], text: string) => lines.filter((l) => l.includes(' WARN ') && l.includes(text));

describe('NetaloAdapter against fakeNetaloServer (a misbehaving server)', () => {
  it('logs and drops malformed pushes, never throws, and keeps delivering valid ones exactly', async () => {
    const { fake, log, adapter } = await setup();
    const socket = await online(fake, adapter);
    const events = record(adapter);
    const delivered = nextEvent(adapter, 'message');

    socket.emit('message', { ...validMessage, message_id: true, message: SECRET }); // wrong type
    socket.emit('message', { message: SECRET }); // missing fields
    socket.emit('message', `{not json at all ${SECRET}`); // garbage string
    socket.emit('message'); // no payload
    // An exponent literal stays a number through the lossless parser: an unsafe ID, rejected.
    fake.pushRaw(socket, `["message",${JSON.stringify({ ...validMessage, message: SECRET }).replace(`"${BIG}"`, '1e19')}]`);
    socket.emit('group', { group_id: GROUP, type: 1, occupants_uins: 'nobody', created_at: 1 });
    socket.emit('user_status', { uin: -5, online_status: 'yes' });
    // Then a valid one, with its IDs as bare JSON numbers above 2^53, written straight into the packet.
    const raw = JSON.stringify(validMessage).replace(`"${BIG}"`, BIG).replace(`"sender_uin":"${PEER}"`, `"sender_uin":${PEER}`);
    expect(raw).toContain(`"message_id":${BIG},`);
    fake.pushRaw(socket, `["message",${raw}]`);

    const { message } = await delivered;
    expect(message).toEqual({
      conversationId: GROUP,
      id: BIG,
      nonce: 'n-1',
      senderId: PEER,
      kind: 'text',
      text: 'hello',
      sentAt: 1_700_000_000_123,
      status: 'sent',
    });
    expect(BigInt(message.id as string)).toBe(273644758776201233n);
    // Only the valid one reached the core.
    expect(events.filter((e) => e.type !== 'connection')).toEqual([{ type: 'message', message, position: '273644758776201233' }]);
    const dropped = warnings(log.lines, 'dropped malformed push');
    expect(dropped).toHaveLength(7);
    expect(dropped.filter((l) => l.includes('"event":"message"'))).toHaveLength(5);
    expect(dropped.some((l) => l.includes('"event":"group"') && l.includes('occupants_uins'))).toBe(true);
    expect(dropped.some((l) => l.includes('"event":"user_status"'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(SECRET);

    // Still fully working: a request round-trips.
    fake.onRequest('list_message', () => ({ result: 0, messages: [] }));
    await expect(adapter.listMessages({ conversationId: GROUP, limit: 20 })).resolves.toEqual({ items: [] });
  });

  it("accepts the document's single-quoted pseudo-JSON payloads, big numbers included", async () => {
    const { fake, adapter } = await setup();
    const socket = await online(fake, adapter);
    const presence = nextEvent(adapter, 'presence');
    socket.emit('user_status', `{'uin': ${PEER}, 'online_status': 1, 'message_status': 'busy', 'last_seen_at': 1700000000}`);
    expect((await presence).presence).toEqual({ userId: PEER, online: true, lastSeenAt: 1_700_000_000_000, statusText: 'busy' });
  });

  it('maps update_group, delete_group, user_status offline and typing; ignores `event` types it does not handle', async () => {
    const { fake, log, adapter } = await setup();
    const socket = await online(fake, adapter);
    const events = record(adapter);
    fake.usersAnswer = { status: 200, body: { users: [{ uin: PEER, username: 'bob', display_name: 'Bob Builder' }] } };
    const removed = nextEvent(adapter, 'conversation-removed');
    socket.emit('event', { type: 8, sender_uin: PEER, receiver_uin: ME, group_id: GROUP });
    socket.emit('event', { type: 42 });
    socket.emit('update_group', { group_id: GROUP, type: 1, name: '', occupants_uins: [ME, PEER], created_at: 1_700_000_000 });
    socket.emit('user_status', { uin: PEER, online_status: 2, message_status: '', last_seen_at: 1_700_000_001 });
    socket.emit('delete_group', { group_id: GROUP });
    await removed;
    // Pushes are handled in arrival order even though the conversation needed a name lookup.
    expect(events.map((e) => e.type)).toEqual(['typing', 'conversation', 'presence', 'conversation-removed']);
    expect(events[0]).toMatchObject({ type: 'typing', typing: { conversationId: GROUP, userId: PEER, typing: true } });
    expect(events[1]).toMatchObject({ conversation: { id: GROUP, kind: 'direct', peerId: PEER, title: 'Bob Builder' } });
    expect(events[2]).toEqual({ type: 'presence', presence: { userId: PEER, online: false, lastSeenAt: 1_700_000_001_000 } });
    expect(events[3]).toEqual({ type: 'conversation-removed', conversationId: GROUP });
    expect(warnings(log.lines, 'dropped')).toEqual([]);
  });

  it("maps a real server's edits and deletions: a status-only update_message is a receipt, never an edit; a bare delete_message removes", async () => {
    const { fake, adapter } = await setup();
    const socket = await online(fake, adapter);
    const events = record(adapter);
    const removed = nextEvent(adapter, 'message-removed');
    socket.emit('update_message', { ...validMessage, message: '', status: 3 }); // "seen", as real servers send it
    socket.emit('update_message', { ...validMessage, message: 'hello, edited', version: 1 });
    socket.emit('delete_message', { group_id: GROUP, message_id: BIG });
    await removed;
    expect(events.map((e) => e.type)).toEqual(['message', 'message-removed']);
    expect(events[0]).toMatchObject({ type: 'message', message: { id: BIG, text: 'hello, edited' } });
    expect(events[1]).toEqual({ type: 'message-removed', conversationId: GROUP, messageId: BIG });
  });

  it('resyncs from a server without the change feed through last_seen_message_id, oldest first, each message once', async () => {
    const { fake, adapter } = await setup();
    await online(fake, adapter);
    const at = (id: string) => ({ ...validMessage, message_id: id, nonce: '', message: `m${id}` });
    // A server that ignores changed_after: pages newest first, and a message arriving
    // meanwhile shifts the pages (104 comes twice).
    const pages = [[at('105'), at('104')], [at('104'), at('103')], [at('101')]];
    fake.onRequest('list_message', () => ({ result: 0, messages: pages.shift() ?? [] }));
    const page = await adapter.listChanges({ conversationId: GROUP, after: '100', limit: 2 });
    expect(page.items.map((i) => [i.message.id, i.position])).toEqual([
      ['101', '101'],
      ['103', '103'],
      ['104', '104'],
      ['105', '105'],
    ]);
    expect(fake.requests[0]!.payload).toMatchObject({ group_id: GROUP, changed_after: '100', last_seen_message_id: '100', psize: 2 });
  });

  it('falls back for a direct title when the name lookup fails, and caches a successful lookup', async () => {
    const { fake, log, adapter } = await setup();
    const socket = await online(fake, adapter);
    const group = { group_id: GROUP, type: 1, name: '', occupants_uins: [ME, PEER], created_at: 1_700_000_000 };

    fake.usersAnswer = { status: 500, body: { error: 'internal', reason: 'db down' } };
    let next = nextEvent(adapter, 'conversation');
    socket.emit('group', { ...group, last_message: validMessage });
    expect((await next).conversation.title).toBe('Bob'); // the peer's sender_name
    next = nextEvent(adapter, 'conversation');
    socket.emit('group', group);
    expect((await next).conversation.title).toBe('Unknown user');
    expect(warnings(log.lines, 'peer name lookup failed')).toHaveLength(2);

    fake.usersAnswer = { status: 200, body: { users: [{ uin: PEER, username: 'bob', display_name: 'Bob Builder' }] } };
    const before = fake.usersRequests;
    for (let i = 0; i < 2; i++) {
      next = nextEvent(adapter, 'conversation');
      socket.emit('group', group);
      expect((await next).conversation.title).toBe('Bob Builder');
    }
    expect(fake.usersRequests - before).toBe(1);
  });

  it('validates acks: malformed → server-error, result codes mapped with the reason, bad list items dropped', async () => {
    const { fake, log, adapter } = await setup();
    await online(fake, adapter);
    const send = () => adapter.sendMessage({ conversationId: GROUP, text: 'x', nonce: 'n' });

    fake.onRequest('create_message', () => ({ result: 0, message: { ...validMessage, message_id: 'abc' } }));
    let err = await rejection(send());
    expect(err).toBeInstanceOf(ParleyError);
    expect(err).toMatchObject({ code: 'server-error', message: 'malformed answer from server' });
    fake.onRequest('create_message', () => 'garbage');
    expect(await rejection(send())).toMatchObject({ code: 'server-error', message: 'malformed answer from server' });
    expect(warnings(log.lines, 'malformed ack')).toHaveLength(2);

    for (const [result, code] of [
      [1, 'invalid-argument'],
      [3, 'not-found'],
      [4, 'forbidden'],
      [5, 'server-error'],
      [9, 'server-error'],
    ] as const) {
      fake.onRequest('create_message', () => ({ result, reason: `reason ${result}` }));
      err = await rejection(send());
      expect(err).toMatchObject({ code, message: `reason ${result}` });
    }

    // A list with one bad item: the good ones still come back.
    fake.onRequest('list_message', () => ({ result: 0, messages: [validMessage, { ...validMessage, group_id: null }] }));
    const page = await adapter.listMessages({ conversationId: GROUP, limit: 20 });
    expect(page.items.map((m) => m.id)).toEqual([BIG]);
    expect(warnings(log.lines, 'dropped malformed list item')).toHaveLength(1);
  });

  it('keeps a bare-number ID above 2^53 in an ack exact', async () => {
    const { fake, adapter } = await setup();
    await online(fake, adapter);
    const raw = JSON.stringify({ result: 0, message: validMessage }).replace(`"${BIG}"`, BIG);
    fake.answerRaw('create_message', raw);
    const sent = await adapter.sendMessage({ conversationId: GROUP, text: 'hello', nonce: 'n-1' });
    expect(sent.id).toBe(BIG);
    // What went out: plain objects with string IDs.
    expect(fake.requests.at(-1)).toEqual({
      event: 'create_message',
      payload: { group_id: GROUP, type: 1, message: 'hello', nonce: 'n-1', version: 0, sender_name: 'Me' },
    });
  });

  it("times out when the server never answers, with 'timeout'", async () => {
    const { fake, adapter } = await setup(undefined, 300);
    await online(fake, adapter);
    expect(await rejection(adapter.listConversations({ limit: 10 }))).toMatchObject({ code: 'timeout' });
  });

  it("rejects at once with 'offline' and emits nothing while not connected", async () => {
    const { fake, adapter } = await setup();
    expect(await rejection(adapter.listConversations({ limit: 10 }))).toMatchObject({ code: 'offline' });
    await online(fake, adapter);
    const offline = nextState(adapter, 'offline');
    await fake.close();
    expect((await offline).detail).toMatch(/127\.0\.0\.1/);
    const count = fake.requests.length;
    expect(await rejection(adapter.sendMessage({ conversationId: GROUP, text: 'x', nonce: 'n' }))).toMatchObject({
      code: 'offline',
    });
    expect(fake.requests.length).toBe(count);
  });

  it('reconnects by itself when the server hangs up on purpose (socket.io would not)', async () => {
    const { fake, adapter } = await setup();
    const socket = await online(fake, adapter);
    const offline = nextState(adapter, 'offline');
    const back = nextState(adapter, 'online');
    socket.disconnect(true);
    expect((await offline).detail).toMatch(/closed the connection/);
    await back;
    expect(await fake.nextSocket()).not.toBe(socket);
  });

  it('login 2 ends the session for good; later commands say session-expired', async () => {
    const { fake, adapter } = await setup({ result: 2 });
    const events = record(adapter);
    const ended = nextEvent(adapter, 'session-ended');
    adapter.connect();
    expect((await ended).reason).toBe('expired');
    expect(adapter.reconnecting).toBe(false);
    expect(events.map((e) => (e.type === 'connection' ? e.state : e.type))).toEqual(['connecting', 'session-ended']);
    expect(await rejection(adapter.listConversations({ limit: 1 }))).toMatchObject({ code: 'session-expired' });
    expect(fake.requests).toEqual([]);
  });

  it('a login 7 pushed later ends the session as a conflict; an ack result 2 as expired', async () => {
    const first = await setup();
    const socket = await online(first.fake, first.adapter);
    const conflict = nextEvent(first.adapter, 'session-ended');
    socket.emit('login', { result: 7 });
    expect((await conflict).reason).toBe('conflict');
    expect(first.adapter.reconnecting).toBe(false);
    expect(await rejection(first.adapter.listConversations({ limit: 1 }))).toMatchObject({ code: 'conflict' });

    const second = await setup();
    await online(second.fake, second.adapter);
    second.fake.onRequest('list_group', () => ({ result: 2 }));
    const expired = nextEvent(second.adapter, 'session-ended');
    expect(await rejection(second.adapter.listConversations({ limit: 1 }))).toMatchObject({ code: 'session-expired' });
    expect((await expired).reason).toBe('expired');
  });

  it('a throwing listener does not stop the others', async () => {
    const { fake, log, adapter } = await setup();
    const socket = await online(fake, adapter);
    adapter.onEvent(() => {
      throw new Error('listener bug');
    });
    const delivered = nextEvent(adapter, 'message');
    socket.emit('message', validMessage);
    expect((await delivered).message.id).toBe(BIG);
    expect(log.lines.some((l) => l.includes(' ERROR ') && l.includes('event listener threw'))).toBe(true);
  });
});
