// The Haraj front's HTTP API (server/PROTOCOL.md, Haraj): sessions and their tokens (expiry,
// refresh, rotation, sign-out), topics, sending, history, reads, typing, user look-up, and
// every error response in the document's shape {status, err, ts}. A real server; the test
// moves its clock to expire tokens.

import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTtlMs } from '../haraj/front';
import { api, authedSocket, signIn, startHarajServer, type HarajTestServer, type RawSocket, type Signed } from './haraj-support';

let h: HarajTestServer;
let alice: Signed;
let bob: Signed;
let carol: Signed;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  h = await startHarajServer();
  [alice, bob, carol] = await Promise.all([signIn(h.url, 'alice'), signIn(h.url, 'bob'), signIn(h.url, 'carol')]);
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await h.stop();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const errorOf = (status: number, err: string) => ({ status, err, ts: expect.stringMatching(ISO) });

function topicOf(a: Signed, b: Signed): string {
  return `p2p${Math.min(a.userId, b.userId)}_${Math.max(a.userId, b.userId)}`;
}

async function openTopic(me: Signed, peer: Signed): Promise<string> {
  const answer = await api(h.url, 'POST', '/chat/topics', { token: me.access, body: { type: 'p2p', peer_id: peer.userId } });
  expect(answer.status).toBe(200);
  return (answer.body.data as { topic_id: string }).topic_id;
}

async function send(me: Signed, topic: string, text: string, nonce?: string) {
  return api(h.url, 'POST', `/chat/topics/${topic}/messages`, {
    token: me.access,
    body: { content: { type: 'text/plain', payload: { text } }, ...(nonce ? { nonce } : {}) },
  });
}

describe('Haraj sessions', () => {
  it('signs in with the shared users and answers in the document envelope', async () => {
    const answer = await api(h.url, 'POST', '/chat/sessions', { body: { username: 'ALICE', password: 'alice-parley' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 200,
      data: { access_token: expect.stringMatching(/^[\w-]{43}$/), refresh_token: expect.stringMatching(/^[\w-]{43}$/), expires_in: 3600, user_id: alice.userId },
      ts: expect.stringMatching(ISO),
    });
    expect(new Set([alice.userId, bob.userId, carol.userId]).size).toBe(3);
    expect(alice.userId).toBeLessThan(1000); // Haraj's own small ids, whatever the uins
  });

  it('refuses a wrong password, a malformed body, a body that is not JSON or not declared JSON, and an oversized one', async () => {
    expect((await api(h.url, 'POST', '/chat/sessions', { body: { username: 'alice', password: 'nope' } })).body).toEqual(errorOf(401, 'ERR_INVALID_CREDENTIALS'));
    expect((await api(h.url, 'POST', '/chat/sessions', { body: { username: 'alice' } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    expect((await api(h.url, 'POST', '/chat/sessions', { raw: '{"username": "alice",' })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    const typed = await api(h.url, 'POST', '/chat/sessions', { raw: '{}', contentType: 'text/plain' });
    expect([typed.status, typed.body]).toEqual([415, errorOf(415, 'ERR_UNSUPPORTED_MEDIA_TYPE')]);
    const big = await api(h.url, 'POST', '/chat/sessions', { raw: JSON.stringify({ username: 'a'.repeat(70_000), password: 'x' }) });
    expect([big.status, big.body]).toEqual([413, errorOf(413, 'ERR_PAYLOAD_TOO_LARGE')]);
  });

  it('answers unknown routes 404, wrong methods 405, and a foreign Host 421, in the same shape', async () => {
    expect((await api(h.url, 'GET', '/chat/nothing')).body).toEqual(errorOf(404, 'ERR_NOT_FOUND'));
    const wrong = await api(h.url, 'PUT', '/chat/topics', { token: alice.access, body: {} });
    expect([wrong.status, wrong.body, wrong.headers.get('allow')]).toEqual([405, errorOf(405, 'ERR_METHOD_NOT_ALLOWED'), 'POST, GET']);
    const port = new URL(h.url).port;
    const raw = await new Promise<string>((resolve) => {
      const socket = createConnection(Number(port), '127.0.0.1', () => socket.write('GET /chat/topics HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 421/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual(errorOf(421, 'ERR_MISDIRECTED_REQUEST'));
  });

  it('lives an hour by default; PARLEY_HARAJ_ACCESS_TTL_SECONDS shortens it', () => {
    expect(accessTtlMs({})).toBe(3_600_000);
    expect(accessTtlMs({ PARLEY_HARAJ_ACCESS_TTL_SECONDS: '5' })).toBe(5000);
    expect(accessTtlMs({ PARLEY_HARAJ_ACCESS_TTL_SECONDS: '-3' })).toBe(3_600_000);
  });

  it('refuses a missing or wrong access token, expires it after an hour, refreshes, rotates and signs out', async () => {
    const me = await signIn(h.url, 'carol');
    expect((await api(h.url, 'GET', '/chat/topics')).body).toEqual(errorOf(401, 'ERR_INVALID_ACCESS_TOKEN'));
    expect((await api(h.url, 'GET', '/chat/topics', { token: 'x'.repeat(43) })).body).toEqual(errorOf(401, 'ERR_INVALID_ACCESS_TOKEN'));
    expect((await api(h.url, 'GET', '/chat/topics', { token: me.access })).status).toBe(200);

    h.advance(60 * 60 * 1000 + 1);
    expect((await api(h.url, 'GET', '/chat/topics', { token: me.access })).body).toEqual(errorOf(401, 'ERR_INVALID_ACCESS_TOKEN'));
    const refreshed = await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: me.refresh } });
    expect(refreshed.body).toMatchObject({ status: 200, data: { user_id: me.userId, expires_in: 3600 } });
    const pair = refreshed.body.data as { access_token: string; refresh_token: string };
    expect(pair.refresh_token).not.toBe(me.refresh);
    expect((await api(h.url, 'GET', '/chat/topics', { token: pair.access_token })).status).toBe(200);

    // The replaced refresh token still works for a minute (a lost answer), then never again.
    const retried = await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: me.refresh } });
    expect(retried.status).toBe(200);
    const latest = retried.body.data as { access_token: string; refresh_token: string };
    h.advance(61_000);
    expect((await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: me.refresh } })).body).toEqual(errorOf(401, 'ERR_INVALID_REFRESH_TOKEN'));
    expect((await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: 42 } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));

    const socket = await authedSocket(h.url, { userId: me.userId, access: latest.access_token, refresh: latest.refresh_token });
    sockets.push(socket);
    expect((await api(h.url, 'DELETE', '/chat/sessions', { token: latest.access_token })).body).toMatchObject({ status: 200 });
    expect((await socket.closed).code).toBe(1008); // its sockets are closed with it
    expect((await api(h.url, 'GET', '/chat/topics', { token: latest.access_token })).status).toBe(401);
    expect((await api(h.url, 'POST', '/chat/sessions/refresh', { body: { refresh_token: latest.refresh_token } })).status).toBe(401);
    // Everyone else's tokens expired with the clock too: sign the fixtures in again.
    [alice, bob, carol] = await Promise.all([signIn(h.url, 'alice'), signIn(h.url, 'bob'), signIn(h.url, 'carol')]);
  });
});

describe('Haraj topics and messages', () => {
  it('opens the p2p topic of a pair (the same from either side) and refuses oneself or a stranger', async () => {
    const topic = await openTopic(alice, bob);
    expect(topic).toBe(topicOf(alice, bob));
    expect(await openTopic(bob, alice)).toBe(topic);
    const self = await api(h.url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'p2p', peer_id: alice.userId } });
    expect(self.body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    const nobody = await api(h.url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'p2p', peer_id: 999_999 } });
    expect(nobody.body).toEqual(errorOf(404, 'ERR_NOT_FOUND'));
    const group = await api(h.url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'grp', peer_id: bob.userId } });
    expect(group.body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
  });

  it('sends a message as the document\'s packet, pushes it to both users\' sockets, keeps Arabic intact and deduplicates a nonce', async () => {
    const topic = await openTopic(alice, bob);
    const bobSocket = await authedSocket(h.url, bob);
    const aliceSocket = await authedSocket(h.url, alice);
    sockets.push(bobSocket, aliceSocket);
    const text = 'مرحبا يا بوب! 👋 hello';
    const answer = await send(alice, topic, text, 'n-1');
    const packet = answer.body.data as Record<string, unknown>;
    expect(packet).toEqual({
      topic_id: topic,
      seq_id: expect.any(Number),
      from_id: alice.userId,
      name: expect.any(String),
      content: { type: 'text/plain', payload: { text } },
      status: { [String(bob.userId)]: false },
      ts: expect.stringMatching(ISO),
      nonce: 'n-1', // the sender's own copies carry it (Parley's extension); the recipient's never
    });
    const { nonce: _mine, ...document } = packet;
    expect(await bobSocket.next((p) => p.message !== undefined)).toEqual({ message: document });
    expect(await aliceSocket.next((p) => p.message !== undefined)).toEqual({ message: packet });

    const again = await send(alice, topic, text, 'n-1');
    expect(again.body.data).toEqual(packet);
    const history = await api(h.url, 'GET', `/chat/topics/${topic}/messages?limit=10`, { token: bob.access });
    expect((history.body.data as { messages: unknown[] }).messages.filter((m) => (m as { seq_id: number }).seq_id === packet.seq_id)).toEqual([document]);
  });

  it('refuses content it cannot take: another type, empty, too long, a lone surrogate; a topic of others or none', async () => {
    const topic = await openTopic(alice, bob);
    const post = (content: unknown, token = alice.access, t = topic) => api(h.url, 'POST', `/chat/topics/${t}/messages`, { token, body: { content } });
    expect((await post({ type: 'image/png', payload: { url: 'x' } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    expect((await post({ type: 'text/plain', payload: { text: '' } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    expect((await post({ type: 'text/plain', payload: { text: 'x'.repeat(10_001) } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    expect((await post({ type: 'text/plain', payload: { text: 'ok \uD800 no' } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
    expect((await post({ type: 'text/plain', payload: { text: 'not yours' } }, carol.access)).body).toEqual(errorOf(403, 'ERR_FORBIDDEN_ACCESS'));
    expect((await post({ type: 'text/plain', payload: { text: 'x' } }, alice.access, `p2p${alice.userId}_999999`)).body).toEqual(errorOf(404, 'ERR_NOT_FOUND'));
    expect((await post({ type: 'text/plain', payload: { text: 'x' } }, alice.access, 'general')).body).toEqual(errorOf(404, 'ERR_NOT_FOUND'));
    expect((await api(h.url, 'GET', `/chat/topics/${topic}`, { token: carol.access })).body).toEqual(errorOf(403, 'ERR_FORBIDDEN_ACCESS'));
  });

  it('pages history newest first and lists topics with the peer, the last message and the unread count', async () => {
    const topic = await openTopic(carol, bob);
    const seqs: number[] = [];
    for (const text of ['one', 'two', 'three']) seqs.push(((await send(carol, topic, text)).body.data as { seq_id: number }).seq_id);
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
    const page = await api(h.url, 'GET', `/chat/topics/${topic}/messages?limit=2`, { token: bob.access });
    const texts = (m: unknown) => (m as { content: { payload: { text: string } } }).content.payload.text;
    expect((page.body.data as { messages: unknown[] }).messages.map(texts)).toEqual(['three', 'two']);
    const older = await api(h.url, 'GET', `/chat/topics/${topic}/messages?before_seq=${seqs[1]}`, { token: bob.access });
    expect((older.body.data as { messages: unknown[] }).messages.map(texts)).toEqual(['one']);
    expect((await api(h.url, 'GET', `/chat/topics/${topic}/messages?limit=abc`, { token: bob.access })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));

    const list = await api(h.url, 'GET', '/chat/topics', { token: bob.access });
    const entry = (list.body.data as { topics: Array<Record<string, unknown>> }).topics[0];
    expect(entry).toMatchObject({ topic_id: topic, type: 'p2p', peer: { user_id: carol.userId, username: 'carol' }, unread: 3, last_message: { seq_id: seqs[2] } });
  });

  it('marks reads (listed seq_ids or up to one), tells the sender with a reads packet and drops the count', async () => {
    const topic = await openTopic(alice, carol);
    const carolSocket = await authedSocket(h.url, carol);
    sockets.push(carolSocket);
    const seqs: number[] = [];
    for (const text of ['a', 'b', 'c']) seqs.push(((await send(carol, topic, text)).body.data as { seq_id: number }).seq_id);
    const first = await api(h.url, 'POST', `/chat/topics/${topic}/reads`, { token: alice.access, body: { seq_ids: [seqs[0]] } });
    expect(first.body.data).toEqual({ topic_id: topic, seq_ids: [seqs[0]] });
    const from = carolSocket.packets.length;
    const rest = await api(h.url, 'POST', `/chat/topics/${topic}/reads`, { token: alice.access, body: { up_to_seq: seqs[2] } });
    expect(rest.body.data).toEqual({ topic_id: topic, seq_ids: [seqs[1], seqs[2]] });
    expect(await carolSocket.next((p) => p.reads !== undefined, from)).toEqual({
      reads: { from_id: alice.userId, topic_id: topic, seq_ids: [seqs[1], seqs[2]], ts: expect.stringMatching(ISO) },
    });
    // Carol's own messages are not hers to mark; nothing changes.
    const own = await api(h.url, 'POST', `/chat/topics/${topic}/reads`, { token: carol.access, body: { seq_ids: seqs } });
    expect(own.body.data).toEqual({ topic_id: topic, seq_ids: [] });
    const history = await api(h.url, 'GET', `/chat/topics/${topic}/messages`, { token: carol.access });
    expect((history.body.data as { messages: Array<{ status: unknown }> }).messages[0]?.status).toEqual({ [String(alice.userId)]: true });
    expect((await api(h.url, 'GET', `/chat/topics/${topic}`, { token: alice.access })).body.data).toMatchObject({ unread: 0 });
    expect((await api(h.url, 'POST', `/chat/topics/${topic}/reads`, { token: alice.access, body: {} })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
  });

  it('relays typing as pres typing / stop_typing to the peer', async () => {
    const topic = await openTopic(alice, bob);
    const bobSocket = await authedSocket(h.url, bob);
    sockets.push(bobSocket);
    await api(h.url, 'POST', `/chat/topics/${topic}/typing`, { token: alice.access, body: { typing: true } });
    expect(await bobSocket.next((p) => (p.pres as { what?: string } | undefined)?.what === 'typing')).toEqual({
      pres: { what: 'typing', from_id: alice.userId, topic_id: topic, ts: expect.stringMatching(ISO) },
    });
    await api(h.url, 'POST', `/chat/topics/${topic}/typing`, { token: alice.access, body: { typing: false } });
    expect(await bobSocket.next((p) => (p.pres as { what?: string } | undefined)?.what === 'stop_typing')).toMatchObject({
      pres: { from_id: alice.userId, what: 'stop_typing', topic_id: topic },
    });
    expect((await api(h.url, 'POST', `/chat/topics/${topic}/typing`, { token: alice.access, body: { typing: 'yes' } })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
  });

  it('finds users by name and by id (Parley\'s extension)', async () => {
    const found = await api(h.url, 'GET', '/chat/users?q=bo', { token: alice.access });
    expect((found.body.data as { users: unknown[] }).users).toContainEqual({ user_id: bob.userId, username: 'bob', name: expect.any(String) });
    expect((await api(h.url, 'GET', `/chat/users/${carol.userId}`, { token: alice.access })).body.data).toMatchObject({ user_id: carol.userId, username: 'carol' });
    expect((await api(h.url, 'GET', '/chat/users/0', { token: alice.access })).body).toEqual(errorOf(404, 'ERR_NOT_FOUND'));
    expect((await api(h.url, 'GET', '/chat/users?q=', { token: alice.access })).body).toEqual(errorOf(400, 'ERR_BAD_REQUEST'));
  });
});
