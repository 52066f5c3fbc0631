import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAndLogin,
  disconnected,
  getJson,
  nextEvent,
  online,
  postJson,
  request,
  signUp,
  startTestServer,
  type TestServer,
} from './support';

// A clock the test moves by hand: sessions expire without any waiting.
let now = Date.now();
const TTL_SECONDS = 60;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, sessionTtlSeconds: TTL_SECONDS });
});
afterAll(async () => {
  await server.stop();
});

describe('login on /data', () => {
  it('says login 0 with the uin for a valid session (query)', async () => {
    const user = await signUp(server.url);
    const { login } = await connectAndLogin(server, user.session);
    expect(login).toEqual({ result: 0, uin: user.uin });
  });

  it('takes the session from the Session header too', async () => {
    const user = await signUp(server.url);
    const { login } = await connectAndLogin(server, user.session, 'header');
    expect(login).toEqual({ result: 0, uin: user.uin });
  });

  it('says login 2 and disconnects when the session is missing or unknown', async () => {
    for (const session of [undefined, 'a'.repeat(64), 'garbage']) {
      const { socket, login } = await connectAndLogin(server, session);
      expect(login).toEqual({ result: 2 });
      expect(await disconnected(socket)).toMatch(/io server disconnect|already disconnected/);
    }
  });

  it('says login 2 once the session has expired (ttl passed on the server clock)', async () => {
    const user = await signUp(server.url);
    now += TTL_SECONDS * 1000 + 1;
    const { socket, login } = await connectAndLogin(server, user.session);
    expect(login).toEqual({ result: 2 });
    await disconnected(socket);
    expect((await getJson(`${server.url}/api/v1/users?q=x`, { Session: user.session })).status).toBe(401);
  });

  it('answers a request with result 2 and disconnects when the session expired while connected', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    expect((await request(socket, 'list_group', {})).result).toBe(0);
    now += TTL_SECONDS * 1000 + 1;
    const gone = disconnected(socket);
    const relogin = nextEvent(socket, 'login');
    expect(await request(socket, 'list_group', {})).toEqual({ result: 2, reason: expect.any(String) });
    expect(await relogin).toEqual({ result: 2 });
    expect(await gone).toBe('io server disconnect');
  });

  it('sends login 7 to the older socket when the same session connects again, and keeps the newer', async () => {
    const user = await signUp(server.url);
    const first = await online(server, user);
    const conflict = nextEvent(first, 'login');
    const firstGone = disconnected(first);
    const { socket: second, login } = await connectAndLogin(server, user.session);
    expect(login).toEqual({ result: 0, uin: user.uin });
    expect(await conflict).toEqual({ result: 7 });
    expect(await firstGone).toBe('io server disconnect');
    expect((await request(second, 'list_group', {})).result).toBe(0);
  });

  it('lets two sessions of one user (two devices) coexist', async () => {
    const user = await signUp(server.url, { password: 'two devices' });
    const other = await postJson(`${server.url}/api/v1/signin`, { username: user.username, password: 'two devices' });
    const laptop = await online(server, user);
    const phone = await online(server, { ...user, session: other.body.session as string });
    expect((await request(laptop, 'list_group', {})).result).toBe(0);
    expect((await request(phone, 'list_group', {})).result).toBe(0);
    expect(laptop.connected).toBe(true);
  });

  it('ends the live sockets of a session that signs out', async () => {
    const user = await signUp(server.url);
    const socket = await online(server, user);
    const ended = nextEvent(socket, 'login');
    const gone = disconnected(socket);
    expect((await postJson(`${server.url}/api/v1/signout`, {}, { Session: user.session })).status).toBe(200);
    expect(await ended).toEqual({ result: 2 });
    await gone;
  });
});
