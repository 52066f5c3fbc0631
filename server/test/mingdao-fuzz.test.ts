// Malformed and random payloads at every Mingdao event: each is answered with a well-formed
// ack ({error} for a bad one; the two send events with their single argument), one without
// an ack is dropped, nothing crashes or fails inside, nothing of a payload is logged, and
// the connection (and everyone else) is served all along. fast-check drives the random part.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS } from '../mingdao/schemas';
import { nastyValue, payload } from './fuzz-arbitraries';
import { startFuzzServer } from './fuzz-server';
import { call, connected, next, type Online, type SignedIn } from './mingdao-support';
import { io } from 'socket.io-client';
import { postJson, type TestServer } from './support';

const ONE_ARGUMENT = new Set(['send message', 'send group message']);
const FIELDS = ['touser', 'togroup', 'msg', 'type', 'file', 'card', 'refer', 'id', 'top', 'aid', 'gid', 'toUser', 'messageId', 'members', 'name', 'page', 'size', 'isPush', 'clear', 'value'];

let server: TestServer;
let url: string;
let aliceUser: SignedIn;
let bobUser: SignedIn;
let carolUser: SignedIn;
beforeAll(async () => {
  server = await startFuzzServer({
    demo: true,
    mingdaoPort: 0,
    // Random sign-ins that look real cost a password hash: the throttle cuts them short
    // (the users the tests need sign in before, in beforeAll).
    limits: { messagesPerUser: { burst: 1e9 }, groupsPerUser: { burst: 1e9 }, signInPerAccount: { freeFailures: 1 }, signInPerAddress: { freeFailures: 2 } },
  });
  url = server.frontUrls.mingdao!;
  // Signed in before the sign-in fuzzing, which gets the address throttled; one after the
  // other, as attempts in flight count as failures until they succeed.
  aliceUser = await login('alice');
  bobUser = await login('bob');
  carolUser = await login('carol');
});
afterAll(async () => {
  await server.stop();
});

async function login(account: string): Promise<SignedIn> {
  const answer = await postJson(`${url}/mds2/api/login`, { account, password: `${account}-parley` });
  if (answer.status !== 200) throw new Error(`login ${account}: ${answer.status}`);
  return answer.body as unknown as SignedIn;
}

async function online(user: SignedIn): Promise<Online> {
  const socket = io(url, { path: '/mds2', query: { pss_id: user.pss_id }, forceNew: true, reconnection: false, transports: ['websocket'] });
  const seen = new Map<string, unknown[]>();
  socket.onAny((event: string, data: unknown) => seen.set(event, [...(seen.get(event) ?? []), data]));
  await connected(socket);
  return { socket, seen };
}

/** Why an ack is not one this event may give, or null. */
function badAck(event: string, ack: unknown[]): string | null {
  const first = ack[0] as Record<string, unknown> | false | undefined;
  const isError = typeof first === 'object' && first !== null && typeof first.error === 'string' && Object.keys(first).length === 1;
  if (ONE_ARGUMENT.has(event)) {
    if (ack.length !== 1) return `${event}: ${ack.length} arguments`;
    const ok = typeof first === 'object' && first !== null && typeof first.id === 'string' && /^\d+$/.test(first.id);
    return isError || ok ? null : `${event}: ${JSON.stringify(ack).slice(0, 80)}`;
  }
  if (isError && ack.length === 1) return null;
  return first === false && ack.length === 2 && ack[1] !== undefined ? null : `${event}: ${JSON.stringify(ack).slice(0, 80)}`;
}

/** Plain JSON as a JavaScript client sends it (BigInts become numbers). */
function plainJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return text === undefined ? undefined : JSON.parse(text);
}

describe('malformed sign-ins at the Mingdao front', () => {
  it('answers random login bodies with a JSON {error} and 400, 401, 413 or 429, never anything else', async () => {
    const bodies = fc.oneof(
      payload(['account', 'password'], ['alice', 'alice-parley']).map((v) => JSON.stringify(plainJson(v)) ?? 'null'),
      fc.string({ maxLength: 60 }),
      fc.record({ account: fc.oneof(fc.constantFrom('alice', 'nobody'), fc.string({ maxLength: 20 })), password: fc.string({ maxLength: 20 }) }).map((v) => JSON.stringify(v)),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await fetch(`${url}/mds2/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        const answer = (await res.json()) as Record<string, unknown>;
        statuses.add(res.status);
        if (![400, 401, 413, 429].includes(res.status) || typeof answer.error !== 'string' || Object.keys(answer).length !== 1) {
          throw new Error(`${res.status} ${JSON.stringify(answer).slice(0, 80)}`);
        }
      }),
      { numRuns: 25 },
    );
    expect(statuses.has(400)).toBe(true);
    expect(server.logLines.filter((l) => l.includes('route failed'))).toEqual([]);
  });
});

describe('malformed payloads at the Mingdao front', () => {
  it('answers {error} to a malformed payload at every event, drops one without an ack, and logs no content', async () => {
    const alice = await online(aliceUser);
    // Bad for every event (an object is fine for the events that take none: its fields are ignored).
    const bad: unknown[] = [42, 'not json {', [1, 2], true, 'x'.repeat(20_000)];
    for (const event of EVENTS) {
      for (const data of bad) {
        const ack = await call(alice.socket, event, data);
        expect(ack, `${event} ${JSON.stringify(data).slice(0, 30)}`).toEqual([{ error: expect.stringMatching(/^invalid payload|^the payload is not JSON/) }]);
        alice.socket.emit(event, data); // no ack: dropped, nothing comes back
      }
    }
    const secret = 'SECRET-d1f0a';
    const [, me] = (await call(alice.socket, 'session info', { type: 3, id: 'system' })) as [false, unknown];
    expect(me).toBeTruthy();
    expect(await call(alice.socket, 'send message', { touser: 'bob', msg: secret })).toEqual([{ error: 'invalid payload: touser must be an id: a decimal string or a positive integer' }]);
    expect(await call(alice.socket, 'send message', { touser: '1', msg: secret, type: 7 })).toEqual([{ error: 'invalid payload: type must be an integer from 1 to 5' }]);
    expect(await call(alice.socket, 'send message', { touser: '1', msg: '' })).toEqual([{ error: 'invalid payload: msg must not be empty for a text message' }]);
    expect(await call(alice.socket, 'send message', { touser: '1', type: 2, msg: secret })).toEqual([{ error: 'invalid payload: file is required for type 2, 3 and 4' }]);
    expect(await call(alice.socket, 'send group message', { togroup: 1, msg: 'x'.repeat(10_001) })).toEqual([{ error: expect.stringMatching(/^invalid payload: msg /) }]);
    expect(await call(alice.socket, 'sticky on top', { type: 1, id: '5' })).toEqual([{ error: expect.stringMatching(/^invalid payload: top /) }]);
    expect(await call(alice.socket, 'create group', { name: 'x', members: [] })).toEqual([{ error: expect.stringMatching(/^invalid payload: members /) }]);
    expect(await call(alice.socket, 'unread count')).toEqual([false, expect.any(Object)]); // and it still answers
    expect(alice.seen.size).toBe(1); // only the welcome notice was ever pushed
    expect(server.logLines.some((l) => l.includes(secret))).toBe(false);
    expect(server.logLines.some((l) => l.includes('bad payload'))).toBe(true);
    alice.socket.disconnect();
  });

  it('answers random payloads at every event (and unknown ones) only with well-formed acks; nothing fails inside', async () => {
    const alice = await online(aliceUser);
    const bob = await online(bobUser);
    const ids = [aliceUser.accountId, bobUser.accountId, carolUser.accountId, '1', '0'];
    const [, group] = (await call(alice.socket, 'create group', { name: 'Fuzz', members: [bobUser.accountId] })) as [false, { id: string }];
    ids.push(group.id);
    const idValue = fc.oneof(fc.constantFrom(...ids), nastyValue(ids));
    const body = fc
      .oneof(
        payload(FIELDS, ids),
        fc.record(
          { touser: idValue, togroup: idValue, id: idValue, aid: idValue, gid: idValue, msg: fc.oneof(fc.string({ maxLength: 20 }), nastyValue(ids)), type: fc.oneof(fc.integer({ min: 0, max: 8 }), nastyValue(ids)), top: fc.boolean(), members: fc.array(idValue, { maxLength: 3 }), name: fc.string({ maxLength: 10 }) },
          { requiredKeys: [] },
        ),
      )
      .map(plainJson)
      // Under the 1 MB packet limit (at most 3 bytes of UTF-8 per UTF-16 unit): a bigger packet only closes the connection.
      .filter((data) => (JSON.stringify(data) ?? '').length < 300_000);
    const eventName = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...EVENTS) }, { weight: 1, arbitrary: fc.constantFrom('no such event', '__proto__', 'constructor', 'toString') });
    const problems: string[] = [];
    alice.socket.on('disconnect', (reason: string) => problems.push(`disconnected: ${reason}`));
    let fuzzed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(eventName, body, fc.boolean()), { minLength: 10, maxLength: 25 }), async (requests) => {
        const acks: Array<Promise<void>> = [];
        for (const [event, data, withAck] of requests) {
          fuzzed += 1;
          if (!withAck || !(EVENTS as string[]).includes(event)) {
            alice.socket.emit(event, data);
            continue;
          }
          acks.push(
            call(alice.socket, event, data).then((ack) => {
              const why = badAck(event, ack);
              if (why) problems.push(why);
            }),
          );
        }
        // Events are handled in order: once this answers, everything before it was handled.
        const probe = await call(alice.socket, 'unread count', {});
        if (probe[0] !== false) problems.push(`probe: ${JSON.stringify(probe)}`);
        await Promise.all(acks);
        if (problems.length) throw new Error(problems.join('; '));
      }),
      { numRuns: 40 },
    );
    console.log(`fuzz mingdao: ${fuzzed} payloads at ${EVENTS.length} events and unknown ones`);
    expect(fuzzed).toBeGreaterThan(500);
    expect(problems).toEqual([]);
    expect(server.logLines.filter((l) => l.includes('handler failed') || l.includes('push failed') || l.includes('event failed'))).toEqual([]);
    // Still serving: a message from carol (whose contacts the fuzzing may have removed) to a fresh group with bob.
    const carol = await online(carolUser);
    const [, fresh] = (await call(carol.socket, 'create group', { name: 'After', members: [bobUser.accountId] })) as [false, { id: string }];
    const pushed = next(bob.socket, 'new group message', (m) => (m.msg as { con: string }).con === 'still here');
    expect(await call(carol.socket, 'send group message', { togroup: fresh.id, msg: 'still here' })).toEqual([{ id: expect.any(String) }]);
    await pushed;
    for (const s of [alice.socket, bob.socket, carol.socket]) s.disconnect();
  }, 30_000);
});
