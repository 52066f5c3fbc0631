// Property-based fuzzing of the talker front's events, against a running server, over
// socket.io and over raw WebSocket frames: random and malformed payloads at every event
// (and unknown ones). talker has no acks: what is checked is that everything the server
// sends back is one of talker's own well-formed events (`error` with a number, `auth`
// false, `login`, echoes...), that each connection's events have all been handled (a probe
// sent last comes back), that no handler failed inside, and that another client is served
// all along.

import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { nastyValue, payload } from './fuzz-arbitraries';
import { uniqueName, type TestServer } from './support';
import { startFuzzServer } from './fuzz-server';

const FIELDS = ['user_id', 'to_id', 'content', 'content_type', 'messeage_id', 'blocked_id', 'login', 'hash'];
// `logout` is fuzzed on its own connection: here the connection must stay signed in for the probe.
const EVENTS = ['login', 'messeage', 'read', 'type', 'block_user', 'unlock_user', 'no_such_event', '__proto__', 'constructor', 'error'];

let server: TestServer;
beforeAll(async () => {
  server = await startFuzzServer({
    demo: true,
    talkerPort: 0,
    // A fuzzed `login` that looks real costs a password hash: let the throttle cut them short.
    limits: { messagesPerUser: { burst: 1e9 }, signInPerAddress: { freeFailures: 2 }, signInPerAccount: { freeFailures: 2 } },
  });
});
afterAll(async () => {
  await server.stop();
});

/** Why an event the server sent is not one of talker's, or null. */
function malformed(event: string, data: unknown): string | null {
  const o = (data ?? {}) as Record<string, unknown>;
  switch (event) {
    case 'address':
      return typeof o.address === 'string' ? null : 'address';
    case 'login':
      return data === false || (typeof o.id === 'number' && typeof o.handshake === 'string') ? null : 'login';
    case 'auth':
      return data === false ? null : 'auth';
    case 'error':
      return data === 400 || data === 429 ? null : `error ${JSON.stringify(data)}`;
    case 'messeage':
      return typeof o.id === 'number' && typeof o.content === 'string' && typeof o.from_user === 'number' ? null : 'messeage';
    case 'notified':
    case 'read':
      return typeof o.messeage_id === 'number' ? null : event;
    case 'typing':
      return typeof o.typer === 'number' && typeof o.typing === 'boolean' ? null : 'typing';
    default:
      return `unexpected event ${event}`;
  }
}

/** talker clients speak plain JSON: a BigInt goes as the (rounded) number a JS client would send. */
function plainJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return text === undefined ? undefined : JSON.parse(text);
}

function signIn(login: string): Promise<{ socket: Socket; id: number; handshake: string }> {
  const socket = io(server.talkerUrl!, { query: { c: uniqueName() }, auth: { login, hash: `${login}-parley` }, forceNew: true, reconnection: false });
  return new Promise((resolve) => socket.once('login', (me: { id: number; handshake: string }) => resolve({ socket, ...me })));
}

describe('fuzzing the talker front', () => {
  it('answers random payloads at every event only with well-formed talker events, over socket.io and raw WebSocket', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const carol = await signIn('carol');
    // Signed in before the fuzzing: its `login`s get the address throttled for a while.
    const dave = await signIn('bob');
    const ids = [String(alice.id), String(bob.id), String(carol.id), '1', '0'];
    const idValue = fc.oneof(fc.constantFrom(alice.id, bob.id, carol.id, String(bob.id)), nastyValue(ids));
    // Half the time a request that names the right user, so that it reaches the handler's own checks.
    const body = fc
      .oneof(
        payload(FIELDS, ids),
        fc.record({ user_id: fc.constant(alice.id), to_id: idValue, messeage_id: idValue, blocked_id: idValue, content: nastyValue(ids), content_type: fc.constantFrom('text', 'photo', 'file', 'nope', 1) }, { requiredKeys: ['user_id'] }),
      )
      .map(plainJson);

    const problems: string[] = [];
    alice.socket.onAny((event: string, data: unknown) => {
      const why = malformed(event, data);
      if (why) problems.push(why);
    });
    const raw = new WebSocket(`${server.talkerUrl!.replace('http', 'ws')}/?c=${uniqueName()}&login=alice&hash=alice-parley`);
    let rawWaiter: ((event: string, data: unknown) => void) | undefined;
    raw.on('message', (frame) => {
      const { event, data } = JSON.parse(String(frame)) as { event: string; data: unknown };
      const why = malformed(event, data);
      if (why) problems.push(`raw: ${why}`);
      rawWaiter?.(event, data);
    });
    const rawEvent = (match: (event: string, data: unknown) => boolean) =>
      new Promise<void>((resolve) => {
        rawWaiter = (event, data) => {
          if (!match(event, data)) return;
          rawWaiter = undefined;
          resolve();
        };
      });
    await rawEvent((event) => event === 'login');

    // Every probe sent last on a connection comes back once everything before it was handled.
    let probes = 0;
    const probe = (send: (content: string) => void, arrived: (content: string) => Promise<void>) => {
      const content = `probe ${++probes}`;
      const back = arrived(content);
      send(content);
      return back;
    };
    const echoOn = (socket: Socket) => (content: string) =>
      new Promise<void>((resolve) => {
        const listener = (row: { content?: unknown }) => {
          if (row.content !== content) return;
          socket.off('messeage', listener);
          resolve();
        };
        socket.on('messeage', listener);
      });
    const rawEcho = (content: string) => rawEvent((event, data) => event === 'messeage' && (data as { content?: unknown }).content === content);

    let fuzzed = 0;
    const frames = fc.oneof(
      fc.tuple(fc.constantFrom(...EVENTS), body).map(([event, data]) => JSON.stringify({ event, data })),
      fc.string({ maxLength: 100 }),
      fc.json({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...EVENTS), body), { minLength: 15, maxLength: 30 }), fc.array(frames, { minLength: 5, maxLength: 10 }), async (events, rawFrames) => {
        for (const [event, data] of events) alice.socket.emit(event, data);
        for (const frame of rawFrames) raw.send(frame ?? 'null');
        fuzzed += events.length + rawFrames.length;
        await probe((content) => alice.socket.emit('messeage', { user_id: alice.id, to_id: bob.id, content }), echoOn(alice.socket));
        await probe((content) => raw.send(JSON.stringify({ event: 'messeage', data: { user_id: alice.id, to_id: carol.id, content } })), rawEcho);
        // Another user is served meanwhile.
        const res = await fetch(`${server.talkerUrl}/search/users?user_name=ali`);
        if (res.status !== 200) throw new Error(`watchdog: ${res.status}`);
        if (problems.length) throw new Error(problems.join('; '));
      }),
      { numRuns: 80 },
    );

    // logout, on its own connection, between garbage: it only forgets the connection's user.
    for (const data of fc.sample(payload(FIELDS, ids).map(plainJson), { numRuns: 50, seed: 3 })) {
      dave.socket.emit('logout', data);
      dave.socket.emit('messeage', { user_id: dave.id, to_id: alice.id, content: 'after logout' });
      fuzzed += 2;
    }
    const auth = await new Promise((resolve) => dave.socket.once('auth', resolve));
    expect(auth).toBe(false);

    console.log(`fuzz talker: ${fuzzed} payloads at ${EVENTS.length} events (socket.io and raw WebSocket) and logout; ${probes} probes came back`);
    expect(fuzzed).toBeGreaterThan(2000);
    expect(problems).toEqual([]);
    expect(server.logLines.filter((l) => l.includes('handler failed'))).toEqual([]);
    // Another signed-in user is still served.
    const echo = new Promise<{ content: string }>((resolve) => carol.socket.once('messeage', resolve));
    carol.socket.emit('messeage', { user_id: carol.id, to_id: bob.id, content: 'still here' });
    expect((await echo).content).toBe('still here');
    for (const s of [alice.socket, bob.socket, carol.socket, dave.socket]) s.disconnect();
    raw.close();
  }, 60_000);
});
