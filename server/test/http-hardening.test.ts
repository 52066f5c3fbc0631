// The HTTP API against browsers used as weapons (CSRF, DNS rebinding) and against mass
// sign-ups: JSON bodies only (415), only this server's Host names (421), sign-ups per
// address (429), the most common passwords refused. talker's routes keep their own
// contract: parameters in the query string or a JSON body, whatever its declared type.

import { createConnection, type Socket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMON_PASSWORD_COUNT } from '../common-passwords';
import { postJson, signUp, startTestServer, uniqueName, type TestServer } from './support';
import { postWithType, rawHttp } from './raw-http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ talkerPort: 0, demo: true, allowedHosts: ['chat.example.org'], limits: { signUpsPerAddress: { burst: 40 } } });
});
afterAll(async () => {
  await server.stop();
});

describe('request bodies must be JSON', () => {
  it('refuses a cross-origin text/plain (or untyped, or form) sign-up with 415, creating nothing', async () => {
    const username = uniqueName('csrf');
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', null]) {
      const answer = await postWithType(server.url, '/api/v1/signup', { username, password: 'long enough' }, type, { Origin: 'http://evil.example' });
      expect(answer.status, String(type)).toBe(415);
      expect(answer.body).toEqual({ error: 'unsupported-media-type', reason: 'send the body as Content-Type: application/json' });
    }
    expect((await postJson(`${server.url}/api/v1/signin`, { username, password: 'long enough' })).status).toBe(401);
  });

  it('accepts application/json with parameters, in any case; a bodiless sign-out needs no type', async () => {
    const answer = await postWithType(server.url, '/api/v1/signup', { username: uniqueName(), password: 'long enough' }, 'Application/JSON; charset=utf-8');
    expect(answer.status).toBe(201);
    const out = await rawHttp(server.url, { method: 'POST', path: '/api/v1/signout', headers: { Session: answer.body!.session as string } });
    expect(out.status).toBe(200);
  });
});

describe('Host names', () => {
  const health = (host: string | undefined) =>
    rawHttp(server.url, { path: '/api/v1/health', headers: host === undefined ? {} : { Host: host } });

  it('answers this machine’s names and the configured ones', async () => {
    const { port } = new URL(server.url);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST.:${port}`, `[::1]:${port}`, 'chat.example.org', 'chat.example.org:443']) {
      expect((await health(host)).status, host).toBe(200);
    }
  });

  it('refuses any other name (DNS rebinding) with 421, and a missing or malformed Host', async () => {
    for (const host of ['evil.example', `evil.example:${new URL(server.url).port}`, '127.0.0.1.evil.example', 'evil@127.0.0.1', 'a b']) {
      const answer = await health(host);
      expect(answer.status, host).toBe(421);
      expect(answer.body).toEqual({ error: 'misdirected-request', reason: expect.any(String) });
    }
    // HTTP/1.0 allows no Host header at all; an empty one names nothing either.
    const net = await import('node:net');
    const statusOf = (raw: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => socket.write(raw));
        socket.once('data', (d) => {
          resolve(String(d).split('\r\n')[0]!);
          socket.destroy();
        });
      });
    expect(await statusOf('GET /api/v1/health HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 400/);
    expect(await statusOf('GET /api/v1/health HTTP/1.1\r\nHost: \r\n\r\n')).toMatch(/^HTTP\/1\.1 (421|400)/);
  });

  it('refuses socket.io handshakes for another name, on both fronts', async () => {
    for (const url of [`${server.url}/socket.io/?EIO=4&transport=polling`, `${server.talkerUrl}/socket.io/?EIO=4&transport=polling`]) {
      const { pathname, search } = new URL(url);
      expect((await rawHttp(url, { path: pathname + search, headers: { Host: 'evil.example' } })).status).toBe(403);
      expect((await rawHttp(url, { path: pathname + search })).status).toBe(200);
    }
    // A client that names the server by a configured alias still connects.
    const socket = io(server.talkerUrl!, { query: { c: uniqueName() }, extraHeaders: { Host: 'chat.example.org' }, transports: ['polling'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('address', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.disconnect();
  });

  it('refuses talker routes and raw WebSockets for another name', async () => {
    expect((await rawHttp(server.talkerUrl!, { path: '/isUsed/username?username=alice', headers: { Host: 'evil.example' } })).status).toBe(421);
    const ws = new WebSocket(server.talkerUrl!.replace('http', 'ws') + '/?c=1', { headers: { Host: 'evil.example' } });
    const refused = await new Promise<string>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.once('open', () => resolve('open'));
      ws.once('error', (e) => resolve(e.message));
    });
    expect(refused).toBe('421');
  });
});

describe('talker routes keep their own contract', () => {
  it('read parameters from the query string, or from a JSON body sent with any type', async () => {
    const byQuery = await rawHttp(server.talkerUrl!, { path: '/isUsed/username?username=alice' });
    expect(byQuery.text).toBe('true');
    for (const type of ['application/json', 'text/plain', null]) {
      const byBody = await postWithType(server.talkerUrl!, '/isUsed/username', { username: 'bob' }, type);
      expect(byBody.text, String(type)).toBe('true');
    }
    // A "__proto__" key stays a key: it never lends the parameters a prototype.
    const sneaky = await postWithType(server.talkerUrl!, '/isUsed/username', '{"__proto__": {"username": "alice"}}', 'application/json');
    expect(sneaky.status).toBe(400);
  });
});

describe('sign-ups per address', () => {
  it('refuses sign-ups past the allowance with 429 and Retry-After, on both fronts alike', async () => {
    let last;
    let created = 0;
    for (let i = 0; i < 45; i++) {
      last = await postWithType(server.url, '/api/v1/signup', { username: uniqueName('many'), password: 'long enough' }, 'application/json');
      if (last.status === 201) created += 1;
      else break;
    }
    expect(created).toBeLessThan(40); // the rest of this file signed up some already
    expect(last?.status).toBe(429);
    expect(last?.body).toEqual({ error: 'too-many-signups', reason: expect.stringMatching(/^too many sign-ups from this address: try again in \d+ s$/) });
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    const talker = await postWithType(server.talkerUrl!, '/register', { email: `${uniqueName()}@example.org`, username: uniqueName(), hash: 'long enough' }, 'application/json');
    expect(talker.status).toBe(429);
    expect(talker.body?.error).toBe('too-many-signups');
  });
});

describe('common passwords', () => {
  it('bundles a list of several hundred', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThan(500);
  });

  it('refuses the most common passwords at sign-up, in any letter case, with a reason', async () => {
    const other = await startTestServer({ talkerPort: 0 });
    try {
      for (const password of ['password', 'PASSWORD', '12345678', 'qwertyui', 'Qwerty123', 'iloveyou', '1q2w3e4r5t', 'sunshine']) {
        const answer = await postJson(`${other.url}/api/v1/signup`, { username: uniqueName(), password });
        expect(answer.status, password).toBe(400);
        expect(answer.body).toEqual({ error: 'invalid-request', reason: expect.stringMatching(/^password is one of the most common passwords/) });
      }
      const register = await postJson(`${other.talkerUrl}/register`, { email: `${uniqueName()}@example.org`, username: uniqueName(), hash: 'Password1' });
      expect(register.status).toBe(400);
      expect(register.body.reason).toMatch(/^hash is one of the most common passwords/);
      await signUp(other.url, { password: 'password but longer' });
    } finally {
      await other.stop();
    }
  });
});

describe('connections per address and per port', () => {
  it('closes a connection past the limit from one address, or past the port’s in all, at once; and takes one again when another goes', async () => {
    const few = await startTestServer({ talkerPort: 0, limits: { connectionsPerAddress: 3, connectionsPerPort: 4 } });
    const open = (url: string, from = '127.0.0.1') =>
      new Promise<Socket>((resolve, reject) => {
        const { port } = new URL(url);
        const socket = createConnection({ host: '127.0.0.1', port: Number(port), localAddress: from }, () => resolve(socket));
        socket.once('error', reject);
      });
    const closedByServer = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      for (const url of [few.url, few.talkerUrl!]) {
        const held = [await open(url), await open(url), await open(url)];
        // A fourth from the same address: closed.
        await closedByServer(await open(url));
        // From another address: the fourth of the port, taken; a fifth from a third address: closed.
        held.push(await open(url, '127.0.0.2'));
        await closedByServer(await open(url, '127.0.0.3'));
        // One goes: the next is served.
        const gone = closedByServer(held[0]!);
        held[0]!.destroy();
        await gone;
        await expect.poll(async () => (await rawHttp(url, { method: 'GET', path: '/nowhere' }).catch(() => ({ status: 0 }))).status).toBe(404);
        for (const socket of held) socket.destroy();
      }
    } finally {
      await few.stop();
    }
  });
});
