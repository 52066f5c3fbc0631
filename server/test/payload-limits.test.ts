// Transport size limits: Netalo's socket.io takes packets up to 1 MB, talker's up to its
// 10 MB media plus envelope (a photo travels inside the message as a data URI), talker's
// raw WebSocket likewise, HTTP bodies up to 64 KiB. A bigger payload ends only that
// connection or request; the server goes on serving everyone else.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { disconnected, online, request, signUp, startTestServer, uniqueName, type TestServer } from './support';
import { postWithType } from './raw-http';
import { MEDIA_LIMIT } from '../talker/requests';

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ demo: true, talkerPort: 0 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.stop();
});

function talker(login: string, transports?: string[]): Promise<{ socket: Socket; id: number }> {
  const socket = io(server.talkerUrl!, {
    query: { c: uniqueName() },
    auth: { login, hash: `${login}-parley` },
    forceNew: true,
    reconnection: false,
    ...(transports ? { transports } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve) => socket.once('login', (me: { id: number }) => resolve({ socket, id: me.id })));
}

const photo = (bytes: number) => 'data:image/png;base64,' + 'A'.repeat(bytes);

describe('talker socket.io', () => {
  it('carries a 2 MB photo (over socket.io’s 1 MB default), over WebSocket and long-polling', async () => {
    const bob = await talker('bob');
    for (const transports of [['websocket'], ['polling']]) {
      const alice = await talker('alice', transports);
      const echo = new Promise<{ content: string }>((resolve) => alice.socket.once('messeage', resolve));
      const content = photo(2 * 1024 * 1024);
      alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content, content_type: 'photo' });
      expect((await echo).content.length).toBe(content.length);
    }
  }, 30_000);

  it('drops a packet over the media limit plus envelope, and keeps serving others', async () => {
    const bob = await talker('bob');
    for (const transports of [['websocket'], ['polling']]) {
      const alice = await talker('alice', transports);
      const gone = disconnected(alice.socket);
      alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content: photo(MEDIA_LIMIT + 100 * 1024), content_type: 'photo' });
      expect(await gone).toMatch(/transport (close|error)/);
    }
    const carol = await talker('carol');
    const echo = new Promise((resolve) => carol.socket.once('messeage', resolve));
    carol.socket.emit('messeage', { user_id: carol.id, to_id: bob.id, content: 'still here' });
    expect(await echo).toMatchObject({ content: 'still here' });
  }, 30_000);
});

describe('talker raw WebSocket', () => {
  it('closes a connection that sends a frame over the limit (1009), and keeps serving', async () => {
    const ws = new WebSocket(`${server.talkerUrl!.replace('http', 'ws')}/?c=${uniqueName()}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send(JSON.stringify({ event: 'messeage', data: { content: photo(MEDIA_LIMIT + 100 * 1024) } }));
    expect(await closed).toBe(1009);
    const bob = await talker('bob');
    expect(bob.id).toBeGreaterThan(0);
  }, 30_000);
});

describe('HTTP bodies', () => {
  it('refuses a body over 64 KiB with 413 on both fronts, and keeps serving', async () => {
    const big = { username: 'x'.repeat(70 * 1024), password: 'long enough' };
    const netalo = await postWithType(server.url, '/api/v1/signup', big, 'application/json');
    expect(netalo.status).toBe(413);
    expect(netalo.body?.error).toBe('payload-too-large');
    const talkerAnswer = await postWithType(server.talkerUrl!, '/isUsed/username', big, 'application/json');
    expect(talkerAnswer.status).toBe(413);
    expect((await fetch(`${server.talkerUrl}/isUsed/username?username=alice`)).status).toBe(200);
  });
});

describe('Netalo socket.io', () => {
  it('answers an oversized message (under the transport limit) with result 1 and keeps the socket', async () => {
    const socket = await online(server, await signUp(server.url));
    const answer = await request(socket, 'create_message', { group_id: '1', message: 'x'.repeat(900_000) });
    expect(answer).toEqual({ result: 1, reason: 'message: must be at most 10000 characters' });
    expect(socket.connected).toBe(true);
  });

  it('drops a long-polling packet over 1 MB too', async () => {
    const user = await signUp(server.url);
    const socket = io(server.url + '/data', { transports: ['polling'], query: { session: user.session }, forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('login', resolve));
    const gone = disconnected(socket);
    socket.emit('create_message', { group_id: '1', message: 'x'.repeat(1_100_000) });
    expect(await gone).toMatch(/transport (close|error)/);
    const other = await online(server, await signUp(server.url));
    expect((await request(other, 'list_group', {})).result).toBe(0);
  });
});
