// The shared abuse guards at the Mingdao front: the per-user message quota (messages and
// shakes together, across fronts), the group-creation quota, the connection limit per user,
// and the sign-in throttle on `POST /mds2/api/login`. Small limits, one server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './support';
import { call, connected, startMingdaoServer, type MingdaoServer, type SignedIn } from './mingdao-support';

let server: MingdaoServer;
let alice: SignedIn;
let bob: SignedIn;

beforeAll(async () => {
  server = await startMingdaoServer({
    limits: {
      messagesPerUser: { burst: 3, perMs: 3_600_000 },
      groupsPerUser: { burst: 1, perMs: 3_600_000 },
      connectionsPerUser: 2,
      signInPerAccount: { freeFailures: 1, baseDelayMs: 60_000 },
    },
  });
  [alice, bob] = await Promise.all([server.login('alice'), server.login('bob')]);
});
afterAll(async () => {
  await server.stop();
});

describe('limits at the Mingdao front', () => {
  it('refuses messages and shakes past the quota with "too frequent", and a second group likewise', async () => {
    const a = await server.online(alice);
    expect(await call(a.socket, 'send message', { touser: bob.accountId, msg: '1' })).toEqual([{ id: expect.any(String) }]);
    expect(await call(a.socket, 'shake shake', { aid: bob.accountId })).toEqual([false, 1]);
    const [, group] = (await call(a.socket, 'create group', { name: 'One', members: [bob.accountId] })) as [false, { id: string }];
    expect(await call(a.socket, 'create group', { name: 'Two', members: [bob.accountId] })).toEqual([{ error: 'too frequent' }]);
    expect(await call(a.socket, 'send group message', { togroup: group.id, msg: '3' })).toEqual([{ id: expect.any(String) }]);
    expect(await call(a.socket, 'send message', { touser: bob.accountId, msg: '4' })).toEqual([{ error: 'too frequent' }]);
    server.advance(5000);
    expect(await call(a.socket, 'shake shake', { aid: bob.accountId })).toEqual([{ error: 'too frequent' }]);
    a.socket.disconnect();
  });

  it('refuses a connection past the per-user limit, and throttles failed sign-ins (429)', async () => {
    const one = await server.online(bob);
    const two = await server.online(bob);
    await expect(connected(server.socket(bob.pss_id))).rejects.toThrow('too many connections');
    one.socket.disconnect();
    two.socket.disconnect();
    const wrong = () => postJson(`${server.mingdaoUrl}/mds2/api/login`, { account: 'carol', password: 'wrong-wrong' });
    expect((await wrong()).status).toBe(401);
    const throttled = await wrong();
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatch(/^too many failed sign-ins: try again in \d+ s$/);
  });
});
