// The Haraj front's refusals by limit, in the document's shape: a throttled sign-in (429 with
// Retry-After), the message quota (429), and `auth` past the per-user connection limit
// (429 ERR_TOO_MANY_CONNECTIONS). A real server with tiny limits.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, authedSocket, openSocket, signIn, startHarajServer, type HarajTestServer, type RawSocket } from './haraj-support';

let h: HarajTestServer;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  h = await startHarajServer({
    signInPerAccount: { freeFailures: 1, baseDelayMs: 60_000 },
    messagesPerUser: { burst: 1, perMs: 3_600_000 },
    connectionsPerUser: 1,
  });
});
afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await h.stop();
});

const ts = expect.stringMatching(/Z$/);

it('throttles sign-in guesses, past the message quota and past the connection limit, with 429 in the document shape', async () => {
  const alice = await signIn(h.url, 'alice');
  const bob = await signIn(h.url, 'bob');

  expect((await api(h.url, 'POST', '/chat/sessions', { body: { username: 'carol', password: 'wrong' } })).status).toBe(401);
  const throttled = await api(h.url, 'POST', '/chat/sessions', { body: { username: 'carol', password: 'carol-parley' } });
  expect([throttled.status, throttled.body]).toEqual([429, { status: 429, err: 'ERR_TOO_MANY_REQUESTS', ts }]);
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);

  const topic = ((await api(h.url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'p2p', peer_id: bob.userId } })).body.data as { topic_id: string }).topic_id;
  const body = { content: { type: 'text/plain', payload: { text: 'one' } } };
  expect((await api(h.url, 'POST', `/chat/topics/${topic}/messages`, { token: alice.access, body })).status).toBe(200);
  expect((await api(h.url, 'POST', `/chat/topics/${topic}/messages`, { token: alice.access, body })).body).toEqual({ status: 429, err: 'ERR_TOO_MANY_REQUESTS', ts });

  sockets.push(await authedSocket(h.url, alice));
  const second = await openSocket(h.url);
  sockets.push(second);
  expect(await second.command('auth', { access_token: alice.access })).toEqual({ id: expect.any(String), status: 429, err: 'ERR_TOO_MANY_CONNECTIONS', ts });
});
