// A socket whose session ends is closed at that moment, without sending anything: pushed
// `login {result: 2}`, then disconnected. By the clock (a 3-second session lifetime, real
// time) and by sign-out over HTTP (only that session's sockets).

import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { disconnected, nextEvent, online, postJson, request, signUp, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ sessionTtlSeconds: 3 });
});
afterAll(async () => {
  await server.stop();
});

/** Rejects when `promise` has not settled within `ms` (so a missing push fails fast, not at the test timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

describe('a socket whose session ends', () => {
  it('is told login 2 and disconnected when the session expires, while it sends nothing', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    const ended = nextEvent(socket, 'login');
    const gone = disconnected(socket);
    expect(await within(ended, 8000, 'login push')).toEqual({ result: 2 });
    expect(await within(gone, 8000, 'disconnect')).toBe('io server disconnect');
    // The session cannot be used again, on the socket or over HTTP.
    const again = server.connect(user.session);
    expect(await nextEvent(again, 'login')).toEqual({ result: 2 });
    const res = await fetch(`${server.url}/api/v1/users?q=x`, { headers: { Session: user.session } });
    expect(res.status).toBe(401);
  });

  it('is told login 2 and disconnected at sign-out; the same user’s other session stays', async () => {
    // Sessions of the usual length here: this one is about sign-out, not the clock.
    const server = await startTestServer();
    onTestFinished(() => server.stop());
    const user = await signUp(server.url, { password: 'two sessions' });
    const other = (await postJson(`${server.url}/api/v1/signin`, { username: user.username, password: 'two sessions' })).body.session as string;
    const leaving = await online(server, user);
    const staying = await online(server, { ...user, session: other });
    const ended = nextEvent(leaving, 'login');
    const gone = disconnected(leaving);
    expect((await postJson(`${server.url}/api/v1/signout`, {}, { Session: user.session })).status).toBe(200);
    expect(await within(ended, 2000, 'login push')).toEqual({ result: 2 });
    await within(gone, 2000, 'disconnect');
    expect((await request(staying, 'list_group', {})).result).toBe(0);
  });
});
