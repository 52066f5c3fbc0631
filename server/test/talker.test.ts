// The talker front as real talker clients use it (../shared/protocol-notes.md): sign-in on
// the socket, results as events, per-pair history over HTTP, pushes of undelivered
// messages, read marks, typing that lapses, the bare `error` 400, raw WebSocket frames.
// A real server on a random port; every step awaits an event or an answer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { signUp, startTestServer, type TestServer } from './support';

let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ demo: true, talkerPort: 0 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

let counter = 0;
function connect(auth?: { login: string; hash: string }): Socket {
  const socket = io(server.talkerUrl!, { query: { c: `test-${++counter}` }, forceNew: true, reconnection: false, ...(auth ? { auth } : {}) });
  sockets.push(socket);
  return socket;
}

/** The next `event` on the socket (registered before the action that causes it). */
function next<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (data: T) => resolve(data)));
}

/** Signs in with handshake auth; resolves with {id, handshake}. */
async function signIn(login: string, password = `${login}-parley`): Promise<{ socket: Socket; id: number; handshake: string }> {
  const socket = connect({ login, hash: password });
  const answer = await next<{ id: number; handshake: string } | false>(socket, 'login');
  if (!answer) throw new Error(`login refused for ${login}`);
  return { socket, ...answer };
}

async function get<T>(path: string, params: Record<string, string | number>): Promise<{ status: number; body: T }> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${server.talkerUrl}${path}?${query}`);
  return { status: res.status, body: (await res.json()) as T };
}

interface Row {
  id: number;
  from_user: number;
  to_user: number;
  content: string;
  content_type: string;
  readen: string | null;
  notified: number;
  init_date: string;
}

describe('talker front', () => {
  it('signs in by username with handshake auth, and says false to a wrong password', async () => {
    const alice = await signIn('alice');
    expect(alice.id).toBeGreaterThan(0);
    expect(alice.handshake).toContain('c=');
    const wrong = connect({ login: 'alice', hash: 'not-it' });
    expect(await next(wrong, 'login')).toBe(false);
  });

  it('signs in with a `login` event after connecting, and announces the address first', async () => {
    const socket = connect();
    const address = await next<{ address: string }>(socket, 'address');
    const login = next<{ id: number; handshake: string }>(socket, 'login');
    socket.emit('login', { login: 'BOB', hash: 'bob-parley' });
    expect((await login).handshake).toBe(address.address);
  });

  it('echoes a message to every connection of the sender, pushes it to the recipient, then says notified', async () => {
    const alice = await signIn('alice');
    const aliceTwo = await signIn('alice');
    const bob = await signIn('bob');
    const echo = next<Row>(alice.socket, 'messeage');
    const echoTwo = next<Row>(aliceTwo.socket, 'messeage');
    const push = next<Row>(bob.socket, 'messeage');
    const notified = next<{ messeage_id: number }>(alice.socket, 'notified');
    alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content: 'hi bob', content_type: 'text' });
    const row = await echo;
    expect(row).toMatchObject({ from_user: alice.id, to_user: bob.id, content: 'hi bob', content_type: 'text', readen: null });
    expect(row.init_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await echoTwo).id).toBe(row.id);
    expect(await push).toMatchObject({ id: row.id, content: 'hi bob', notified: 1 });
    expect(await notified).toEqual({ messeage_id: row.id });
  });

  it('pushes what arrived while the recipient was away at its next sign-in, once', async () => {
    const alice = await signIn('alice');
    const carolId = (await signIn('carol')).id;
    for (const s of sockets.splice(-1)) s.disconnect();
    const sent: number[] = [];
    for (const text of ['one', 'two']) {
      const echo = next<Row>(alice.socket, 'messeage');
      alice.socket.emit('messeage', { user_id: alice.id, to_id: carolId, content: text });
      sent.push((await echo).id);
    }
    const carol = connect({ login: 'carol', hash: 'carol-parley' });
    const received: Row[] = [];
    const both = new Promise<void>((resolve) =>
      carol.on('messeage', (r: Row) => {
        received.push(r);
        if (received.length === 2) resolve();
      }),
    );
    await both;
    expect(received.map((r) => r.content)).toEqual(['one', 'two']);
    const again = await signIn('carol');
    const { body } = await get<Row[]>('/messeages', { user_id: again.id, clientAddress: again.handshake, with_id: alice.id });
    expect(body.filter((r) => sent.includes(r.id)).every((r) => r.notified === 1)).toBe(true);
  });

  it('pushes a backlog larger than one read (PAGE_CHARS) whole and in order, and a history page stops at one read', async () => {
    const alice = await signIn('alice');
    // Someone of their own: no connection of theirs is left from another test.
    const password = 'a long enough password';
    const dave = await signUp(server.url, { password });
    const daveId = (await signIn(dave.username, password)).id;
    for (const s of sockets.splice(-1)) s.disconnect();
    // Four photos of 6 MB: 24 MB, more than one 16 MB read of the backlog.
    const photo = (n: number) => `data:image/png;base64,${String(n).repeat(6 * 1024 * 1024)}`;
    const sent: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const echo = next<Row>(alice.socket, 'messeage');
      alice.socket.emit('messeage', { user_id: alice.id, to_id: daveId, content: photo(n), content_type: 'photo' });
      sent.push((await echo).id);
    }
    const away = connect({ login: dave.username, hash: password });
    const received: number[] = [];
    const all = new Promise<void>((resolve) =>
      away.on('messeage', (r: Row) => {
        if (sent.includes(r.id)) received.push(r.id);
        if (received.length === sent.length) resolve();
      }),
    );
    await all;
    expect(received).toEqual(sent);

    // History: 200 asked for, the newest that fit in one read of 16 MB (two photos), newest first.
    const again = await signIn(dave.username, password);
    const { status, body } = await get<Row[]>('/messeages', { user_id: again.id, clientAddress: again.handshake, with_id: alice.id, limit: 200 });
    expect(status).toBe(200);
    expect(body.map((r) => r.id)).toEqual([sent[3], sent[2]]);
  });

  it('marks read up to a message and tells the sender one event per message', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const ids: number[] = [];
    for (const text of ['r1', 'r2', 'r3']) {
      const push = next<Row>(bob.socket, 'messeage');
      alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content: text });
      ids.push((await push).id);
    }
    const reads: number[] = [];
    const allRead = new Promise<void>((resolve) =>
      alice.socket.on('read', ({ messeage_id }: { messeage_id: number }) => {
        reads.push(messeage_id);
        if (messeage_id === ids[2]) resolve();
      }),
    );
    bob.socket.emit('read', { user_id: bob.id, messeage_id: ids[2] });
    await allRead;
    expect(reads.slice(-3)).toEqual(ids);
    const { body } = await get<Array<{ id: number; unread: number }>>('/contacts', { user_id: bob.id, clientAddress: bob.handshake });
    expect(body.find((c) => c.id === alice.id)?.unread).toBe(0);
  });

  it('shows typing at the first `type` and stops it by itself about 1.5 s after the last', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const on = next<{ typer: number; typing: boolean }>(bob.socket, 'typing');
    alice.socket.emit('type', { user_id: alice.id, to_id: bob.id });
    expect(await on).toEqual({ typer: alice.id, typing: true });
    const started = Date.now();
    const off = next<{ typer: number; typing: boolean }>(bob.socket, 'typing');
    expect(await off).toEqual({ typer: alice.id, typing: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('answers a user_id that is not the connection’s own with `auth` false, and bad requests with the bare `error` 400', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const auth = next(alice.socket, 'auth');
    alice.socket.emit('messeage', { user_id: bob.id, to_id: alice.id, content: 'spoofed' });
    expect(await auth).toBe(false);
    for (const bad of [null, 'not json', { user_id: alice.id }, { user_id: alice.id, to_id: bob.id, content: 'x', content_type: 'exe' }, { user_id: alice.id, to_id: 999999, content: 'x' }]) {
      const error = next(alice.socket, 'error');
      alice.socket.emit('messeage', bad);
      expect(await error).toBe(400);
    }
    // Still serving this connection.
    const echo = next<Row>(alice.socket, 'messeage');
    alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content: 'after the errors' });
    expect((await echo).content).toBe('after the errors');
  });

  it('pages history newest first with from_messeage, and refuses an address that is not signed in', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const echo = next<Row>(alice.socket, 'messeage');
      alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content: `page ${i}` });
      ids.push((await echo).id);
    }
    const first = await get<Row[]>('/messeages', { user_id: alice.id, clientAddress: alice.handshake, with_id: bob.id, limit: 2 });
    expect(first.body.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const older = await get<Row[]>('/messeages', { user_id: alice.id, clientAddress: alice.handshake, with_id: bob.id, limit: 2, from_messeage: ids[3]! });
    expect(older.body.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const refused = await get('/messeages', { user_id: alice.id, clientAddress: bob.handshake, with_id: bob.id });
    expect(refused.status).toBe(401);
    const users = await get<Array<{ id: number; username: string }>>('/search/users', { user_name: 'car' });
    expect(users.body.map((u) => u.username)).toContain('carol');
  });

  it('speaks raw WebSocket frames {event, data} on the same port', async () => {
    const bob = await signIn('bob');
    const ws = new WebSocket(`${server.talkerUrl!.replace('http', 'ws')}/?c=raw-${Date.now()}`);
    const frames: Array<{ event: string; data: unknown }> = [];
    const waitFor = (event: string) =>
      new Promise<unknown>((resolve) => {
        const found = frames.find((f) => f.event === event);
        if (found) return resolve(found.data);
        ws.on('message', (raw) => {
          const f = JSON.parse(String(raw)) as { event: string; data: unknown };
          if (f.event === event) resolve(f.data);
        });
      });
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as { event: string; data: unknown }));
    await new Promise((resolve) => ws.once('open', resolve));
    const login = waitFor('login');
    ws.send(JSON.stringify({ event: 'login', data: { login: 'alice', hash: 'alice-parley' } }));
    const me = (await login) as { id: number };
    const push = next<Row>(bob.socket, 'messeage');
    ws.send(JSON.stringify({ event: 'messeage', data: { user_id: me.id, to_id: bob.id, content: 'over a raw socket' } }));
    expect((await push).content).toBe('over a raw socket');
    const error = waitFor('error');
    ws.send('{not json');
    expect(await error).toBe(400);
    ws.close();
  });

  it('registers with an email, confirms, and the new user signs in on talker and on Netalo', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.talkerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/register', { email: 'dora@example.org', username: 'dora', hash: 'dora-parley' })).status).toBe(200);
    expect((await post('/register', { email: 'dora@example.org', username: 'dora2', hash: 'dora-parley' })).status).toBe(200);
    const line = server.logLines.find((l) => l.includes('talker registration waiting'))!;
    const { id, uuid } = JSON.parse(line.slice(line.indexOf('{'))) as { id: number; uuid: string };
    expect((await post('/register/confirm', { id, uuid: 'wrong' })).status).toBe(404);
    expect((await post('/register/confirm', { id, uuid })).status).toBe(200);
    expect(await (await fetch(`${server.talkerUrl}/isUsed/email?email=DORA@example.org`)).json()).toBe(true);
    const byEmail = connect({ login: 'dora@example.org', hash: 'dora-parley' });
    expect(await next(byEmail, 'login')).toMatchObject({ id: expect.any(Number) });
    const netalo = await fetch(`${server.url}/api/v1/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dora', password: 'dora-parley' }) });
    expect(netalo.status).toBe(200);
  });
});

describe('malformed HTTP never stops the server', () => {
  it('answers broken request lines on both ports and keeps serving', async () => {
    const net = await import('node:net');
    const send = (url: string, raw: string) =>
      new Promise<string>((resolve) => {
        const { port } = new URL(url);
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(raw));
        // The status line is all we need; a 400 may keep the connection open (keep-alive).
        socket.once('data', (d) => {
          resolve(String(d).split('\r\n')[0] ?? '');
          socket.destroy();
        });
        socket.on('close', () => resolve('closed without an answer'));
        socket.on('error', () => resolve('reset'));
      });
    for (const url of [server.url, server.talkerUrl!]) {
      for (const raw of ['GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n', 'BLAH\r\n\r\n', 'GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n']) {
        expect(await send(url, raw)).toMatch(/^HTTP\/1\.1 400/);
      }
    }
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${server.talkerUrl}/search/users?user_name=ali`)).status).toBe(200);
  });
});
