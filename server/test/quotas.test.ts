// Per-user quotas on the Netalo front (messages and groups per window, live sockets, requests
// waiting per socket), and the flooding client that must not hold anyone else up: its
// surplus is refused with result 6 and a reason, while another client's round trip
// completes in the middle of the flood (progress, never timing, is asserted).

import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAndLogin, directGroup, disconnected, nextEvent, online, postJson, request, signUp, startTestServer, uniqueName, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    limits: {
      messagesPerUser: { burst: 50, perMs: 60_000 },
      groupsPerUser: { burst: 3, perMs: 60_000 },
      connectionsPerUser: 2,
      pendingPerSocket: 10,
    },
  });
});
afterAll(async () => {
  await server.stop();
});

describe('a flooding client', () => {
  it('gets result 6 with a reason past its quota, and another client is served in the middle of the flood', async () => {
    // A roomier queue than this file's default 10, to flood through the quota itself.
    const big = await startTestServer({ limits: { messagesPerUser: { burst: 50, perMs: 60_000 } } });
    try {
      const [f, v, p] = await Promise.all([signUp(big.url), signUp(big.url), signUp(big.url)]);
      const floodSocket = await online(big, f);
      const victimSocket = await online(big, v);
      const floodGroup = (await directGroup(floodSocket, p.uin)).group_id as string;
      const victimGroup = (await directGroup(victimSocket, p.uin)).group_id as string;

      const N = 10_000;
      const results = new Map<unknown, number>();
      let acks = 0;
      let refusal: Record<string, unknown> | undefined;
      let firstAck!: () => void;
      const started = new Promise<void>((r) => (firstAck = r));
      const finished = new Promise<void>((resolve) => {
        for (let i = 0; i < N; i++) {
          floodSocket.emit('create_message', { group_id: floodGroup, message: `flood ${i}` }, (answer: Record<string, unknown>) => {
            acks += 1;
            results.set(answer.result, (results.get(answer.result) ?? 0) + 1);
            if (answer.result === 6) refusal ??= answer;
            if (acks === 1) firstAck();
            if (acks === N) resolve();
          });
        }
      });
      await started;
      const answer = await request(victimSocket, 'create_message', { group_id: victimGroup, message: 'still here' });
      const floodAcksBefore = acks;
      expect(answer.result).toBe(0);
      await finished;

      // The victim's ack came before the flooder's last, and in fact near the start: each
      // socket's requests take turns (fair-queue.ts); run as they arrive, it came after
      // thousands of the flooder's.
      expect(floodAcksBefore).toBeLessThan(N / 10);
      expect(results.get(0)).toBeGreaterThanOrEqual(50); // the burst, and what refilled meanwhile
      expect(results.get(0)).toBeLessThan(60);
      expect((results.get(0) ?? 0) + (results.get(6) ?? 0)).toBe(N);
      expect(refusal).toEqual({ result: 6, reason: expect.stringMatching(/^too many messages: at most 50 per 60 s; try again in \d+ s$/), retry_after: expect.any(Number) });
      // The victim's own quota is untouched, and the flooder's other requests still work.
      expect((await request(victimSocket, 'create_message', { group_id: victimGroup, message: 'again' })).result).toBe(0);
      expect((await request(floodSocket, 'list_group', {})).result).toBe(0);
    } finally {
      await big.stop();
    }
  }, 60_000);

  it('gets no larger share of the server for having more sockets: its requests and another user’s take turns', async () => {
    const roomy = await startTestServer();
    try {
      const [a, b] = await Promise.all([signUp(roomy.url), signUp(roomy.url)]);
      // Three sessions of one user (a socket per session: a second on one session replaces the first).
      const sessions = [a.session];
      for (let i = 0; i < 2; i++) sessions.push((await postJson(`${roomy.url}/api/v1/signin`, { username: a.username, password: 'correct horse' })).body.session as string);
      const aSockets = await Promise.all(sessions.map((session) => online(roomy, { ...a, session })));
      const bSocket = await online(roomy, b);
      const groupId = (await directGroup(bSocket, a.uin)).group_id as string;

      const PER_SOCKET = 4;
      const sent: Array<Promise<{ who: string; id: bigint }>> = [];
      for (const [who, socket] of [...aSockets.map((s) => ['a', s] as const), ['b', bSocket] as const]) {
        for (let i = 0; i < PER_SOCKET; i++) {
          sent.push(
            request(socket, 'create_message', { group_id: groupId, message: `${who} ${i}`, nonce: uniqueName('n') }).then((answer) => ({
              who,
              id: BigInt((answer.message as { message_id: string }).message_id),
            })),
          );
        }
      }
      // The server runs in this process. Let socket.io-client write every packet (what one tick
      // emitted goes out on the next), then hold the process while the kernel delivers them: the
      // server reads them all in one go, before its queue's next turn, and the order the queue
      // chose is then the order of the message IDs it handed out (time-ordered, ids.ts).
      for (let i = 0; i < 5; i++) await new Promise((resolve) => process.nextTick(resolve));
      const until = Date.now() + 100;
      while (Date.now() < until) {
        // holding the event loop on purpose
      }
      const order = (await Promise.all(sent)).sort((x, y) => (x.id < y.id ? -1 : 1)).map((m) => m.who);

      // One request of each user a round: b's four are among the first eight. With a share per
      // socket, each round took three of a's (one per socket) to one of b's: b's last came 13th or later.
      expect(order.filter((w) => w === 'b')).toHaveLength(PER_SOCKET);
      expect(order.lastIndexOf('b')).toBeLessThan(2 * PER_SOCKET);
    } finally {
      await roomy.stop();
    }
  });

  it('refuses requests beyond the socket’s waiting queue at once (result 6), and answers the rest', async () => {
    const socket = await online(server, await signUp(server.url));
    const answers = await Promise.all(
      Array.from({ length: 2000 }, () => new Promise<Record<string, unknown>>((resolve) => socket.emit('list_group', {}, resolve))),
    );
    const refused = answers.filter((a) => a.result === 6);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toEqual({ result: 6, reason: expect.stringMatching(/waiting/), retry_after: 1 });
    expect(answers.filter((a) => a.result === 0).length + refused.length).toBe(2000);
    expect((await request(socket, 'list_group', {})).result).toBe(0);
  });
});

describe('the weight of the requests waiting on one socket', () => {
  it('refuses at once (result 6) the requests whose weight would pass what the socket may have waiting, and answers the rest', async () => {
    const light = await startTestServer({ limits: { pendingWeightPerSocket: 256 * 1024 } });
    try {
      const socket = await online(light, await signUp(light.url));
      // About 3 KB on the wire, but 1,000 arrays: some 32 KB of heap once parsed (pending-budget.ts).
      const x = Array.from({ length: 1000 }, () => []);
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => new Promise<Record<string, unknown>>((resolve) => socket.emit('list_group', { x }, resolve))),
      );
      const refused = answers.filter((a) => a.result === 6);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThan(200);
      expect(refused[0]).toEqual({ result: 6, reason: expect.stringMatching(/waiting/), retry_after: 1 });
      expect((await request(socket, 'list_group', {})).result).toBe(0);
    } finally {
      await light.stop();
    }
  });
});

describe('groups per window', () => {
  it('refuses the creation past the quota with result 6', async () => {
    const me = await signUp(server.url);
    const others = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url)]);
    const socket = await online(server, me);
    for (const other of others.slice(0, 3)) expect((await request(socket, 'create_group', { type: 2, occupants_uins: [other.uin] })).result).toBe(0);
    const refused = await request(socket, 'create_group', { type: 2, occupants_uins: [others[3]!.uin] });
    expect(refused).toEqual({ result: 6, reason: expect.stringMatching(/^too many groups created: at most 3 per 60 s/), retry_after: expect.any(Number) });
  });
});

describe('connections per user', () => {
  async function sessionOf(username: string): Promise<string> {
    return (await postJson(`${server.url}/api/v1/signin`, { username, password: 'correct horse' })).body.session as string;
  }

  it('refuses a socket past the limit with login 6, takes over on the same session, and admits again once one leaves', async () => {
    const user = await signUp(server.url);
    const [s2, s3] = [await sessionOf(user.username), await sessionOf(user.username)];
    const first = await online(server, user);
    const second = await online(server, { ...user, session: s2 });
    const { socket: third, login } = await connectAndLogin(server, s3);
    expect(login).toEqual({ result: 6, reason: 'too many connections: at most 2 at once per user' });
    expect(await disconnected(third)).toMatch(/io server disconnect|already disconnected/);

    // The same session again replaces its older socket: not one more.
    const replaced = nextEvent(first, 'login');
    const again = await online(server, user);
    expect(await replaced).toEqual({ result: 7 });

    const gone = disconnected(second);
    second.disconnect();
    await gone;
    let admitted: Socket | undefined;
    // The server sees the disconnect a moment after the client: try until it has.
    for (let i = 0; i < 100 && !admitted; i++) {
      const attempt = await connectAndLogin(server, s3);
      if (attempt.login.result === 0) admitted = attempt.socket;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(admitted?.connected).toBe(true);
    expect((await request(again, 'list_group', {})).result).toBe(0);
  });
});

describe('the message quota is one per user across both fronts', () => {
  let both: TestServer;
  beforeAll(async () => {
    both = await startTestServer({ demo: true, talkerPort: 0, limits: { messagesPerUser: { burst: 3, perMs: 60_000 }, connectionsPerUser: 2 } });
  });
  afterAll(async () => {
    await both.stop();
  });
  const talker = (auth: { login: string; hash: string }) =>
    io(both.talkerUrl!, { query: { c: uniqueName() }, auth, forceNew: true, reconnection: false });

  it('answers a talker flood with `error` 429, and Netalo then refuses the same user with result 6', async () => {
    const bobId = await new Promise<number>((resolve) => talker({ login: 'bob', hash: 'bob-parley' }).once('login', (me: { id: number }) => resolve(me.id)));
    const alice = talker({ login: 'alice', hash: 'alice-parley' });
    const me = await new Promise<{ id: number }>((resolve) => alice.once('login', resolve));
    const events: unknown[] = [];
    alice.on('messeage', () => events.push('echo'));
    alice.on('error', (code: unknown) => events.push(code));
    for (let i = 0; i < 4; i++) alice.emit('messeage', { user_id: me.id, to_id: bobId, content: `hi ${i}` });
    await new Promise<void>((resolve) => {
      const check = () => (events.length >= 4 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(events).toEqual(['echo', 'echo', 'echo', 429]);

    const session = (await postJson(`${both.url}/api/v1/signin`, { username: 'alice', password: 'alice-parley' })).body.session as string;
    const socket = await online(both, { uin: '', username: 'alice', displayName: '', session });
    const bob = (await postJson(`${both.url}/api/v1/signin`, { username: 'bob', password: 'bob-parley' })).body.user as { uin: string };
    const group = await directGroup(socket, bob.uin);
    expect((await request(socket, 'create_message', { group_id: group.group_id, message: 'over quota' })).result).toBe(6);
    alice.disconnect();
  });

  it('refuses a talker sign-in past the connection limit with login false', async () => {
    const answers: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = talker({ login: 'carol', hash: 'carol-parley' });
      answers.push(await new Promise((resolve) => socket.once('login', resolve)));
    }
    expect(answers.slice(0, 2)).toEqual([expect.objectContaining({ id: expect.any(Number) }), expect.objectContaining({ id: expect.any(Number) })]);
    expect(answers[2]).toBe(false);
  });
});

describe('the weight of the events waiting on one talker connection', () => {
  let light: TestServer;
  beforeAll(async () => {
    light = await startTestServer({ demo: true, talkerPort: 0, limits: { pendingWeightPerSocket: 256 * 1024 } });
  });
  afterAll(async () => {
    await light.stop();
  });

  it('answers `error` 429 to the events that would pass it while a sign-in holds the line, and goes on after', async () => {
    const alice = io(light.talkerUrl!, { query: { c: uniqueName() }, auth: { login: 'alice', hash: 'alice-parley' }, forceNew: true, reconnection: false });
    await new Promise((resolve) => alice.once('login', resolve));
    const errors: unknown[] = [];
    alice.on('error', (code: unknown) => errors.push(code));
    // A sign-in again (its password check takes a while), and behind it 20 events of 1,000
    // arrays each (some 32 KB of heap once parsed): 8 fit in 256 KB, the rest are refused.
    const signedIn = new Promise((resolve) => alice.once('login', resolve));
    alice.emit('login', { login: 'alice', hash: 'alice-parley' });
    const x = Array.from({ length: 1000 }, () => []);
    for (let i = 0; i < 20; i++) alice.emit('no_such_event', { x });
    expect(await signedIn).toMatchObject({ id: expect.any(Number) });
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set([429]));
    expect(errors.length).toBeLessThan(20);
    alice.disconnect();
  });
});

describe('bytes of media stored per user on talker', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ demo: true, talkerPort: 0, limits: { storedBytesPerUser: { burst: 100 * 1024, perMs: 24 * 3_600_000 } } });
  });
  afterAll(async () => {
    await small.stop();
  });

  it('answers `error` 429 to a photo past the user’s bytes for the day, while text still goes', async () => {
    const talkerOf = (login: string) => io(small.talkerUrl!, { query: { c: uniqueName() }, auth: { login, hash: `${login}-parley` }, forceNew: true, reconnection: false });
    const bob = talkerOf('bob');
    const bobId = (await new Promise<{ id: number }>((resolve) => bob.once('login', resolve))).id;
    const alice = talkerOf('alice');
    const me = await new Promise<{ id: number }>((resolve) => alice.once('login', resolve));
    const heard: unknown[] = [];
    alice.on('messeage', (row: { content_type: string }) => heard.push(row.content_type));
    alice.on('error', (code: unknown) => heard.push(code));
    const photo = `data:image/png;base64,${'A'.repeat(60 * 1024)}`;
    // Alice hears the echo of each message she sends, or the refusal.
    for (const content of [photo, photo]) alice.emit('messeage', { user_id: me.id, to_id: bobId, content, content_type: 'photo' });
    alice.emit('messeage', { user_id: me.id, to_id: bobId, content: 'text still goes' });
    await expect.poll(() => heard.length).toBe(3);
    expect(heard).toEqual(['photo', 429, 'text']);
    alice.disconnect();
    bob.disconnect();
  });
});
