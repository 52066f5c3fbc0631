// Property-based fuzzing of the Haraj front, against a running server: random and malformed
// /chat/ws frames (every command, unknown ones, text that is not JSON) and random bodies and
// query strings at every HTTP route. What is checked: every answer is the document's shape
// with a known status and code, each socket's frames were all handled (a probe sent last is
// answered), nothing failed inside, and another client is served all along.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nastyValue, payload, textPayload } from './fuzz-arbitraries';
import { startFuzzServer } from './fuzz-server';
import { api, authedSocket, signIn, type Signed } from './haraj-support';
import type { TestServer } from './support';

let server: TestServer;
let url: string;
let alice: Signed;
let bob: Signed;

beforeAll(async () => {
  server = await startFuzzServer({
    demo: true,
    harajPort: 0,
    limits: { messagesPerUser: { burst: 1e9 }, signInPerAddress: { freeFailures: 2 }, signInPerAccount: { freeFailures: 2 } },
  });
  url = server.frontUrls.haraj!;
  [alice, bob] = await Promise.all([signIn(url, 'alice'), signIn(url, 'bob')]);
  await api(url, 'POST', '/chat/topics', { token: alice.access, body: { type: 'p2p', peer_id: bob.userId } });
});
afterAll(async () => {
  await server.stop();
});

const ERRS = new Set([
  'ERR_BAD_REQUEST',
  'ERR_INVALID_CREDENTIALS',
  'ERR_INVALID_ACCESS_TOKEN',
  'ERR_INVALID_REFRESH_TOKEN',
  'ERR_FORBIDDEN_ACCESS',
  'ERR_NOT_FOUND',
  'ERR_METHOD_NOT_ALLOWED',
  'ERR_PAYLOAD_TOO_LARGE',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  'ERR_TOO_MANY_REQUESTS',
  'ERR_TOO_MANY_CONNECTIONS',
  'ERR_SERVER_BUSY',
]);

/** Why a frame or body is not one of the document's answers or packets, or null. */
function malformed(o: Record<string, unknown>): string | null {
  if ('message' in o || 'reads' in o || 'pres' in o) return Object.keys(o).length === 1 ? null : 'packet with extra keys';
  if (typeof o.ts !== 'string' || Number.isNaN(Date.parse(o.ts))) return 'ts';
  if (o.status === 200) return 'data' in o && !('err' in o) ? null : 'success shape';
  if (typeof o.status !== 'number' || typeof o.err !== 'string' || !ERRS.has(o.err)) return `failure ${JSON.stringify(o).slice(0, 80)}`;
  return 'data' in o ? 'failure with data' : null;
}

const FIELDS = ['id', 'access_token', 'peer_id', 'username', 'password', 'refresh_token', 'type', 'content', 'payload', 'text', 'nonce', 'seq_ids', 'up_to_seq', 'typing'];
const plain = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null';

describe('fuzzing the Haraj front', () => {
  it('answers random /chat/ws frames and HTTP requests only in the document shape, and keeps serving', async () => {
    const ids = [String(alice.userId), String(bob.userId), '0', '1'];
    const topic = `p2p${Math.min(alice.userId, bob.userId)}_${Math.max(alice.userId, bob.userId)}`;
    const socket = await authedSocket(url, alice);
    const problems: string[] = [];
    socket.ws.on('message', (raw) => {
      const why = malformed(JSON.parse(String(raw)) as Record<string, unknown>);
      if (why) problems.push(`ws: ${why}`);
    });
    const command = fc.tuple(fc.constantFrom('auth', 'listen', 'unlisten', 'subscribe', '__proto__', 'constructor'), payload(FIELDS, ids));
    // Frames within the 16 KiB limit (a bigger one closes the socket: haraj-socket.test.ts).
    const frame = fc
      .oneof(
        command.map(([name, body]) => `{${JSON.stringify(name)}:${plain(body)}}`),
        textPayload(FIELDS, ids),
        fc.record({ listen: fc.record({ id: nastyValue(ids), peer_id: fc.oneof(fc.constant(bob.userId), nastyValue(ids)) }) }).map(plain),
      )
      .filter((f) => Buffer.byteLength(f) <= 16 * 1024);
    const routes = [
      ['POST', '/chat/sessions'],
      ['POST', '/chat/sessions/refresh'],
      ['POST', '/chat/topics'],
      ['GET', '/chat/topics'],
      ['GET', `/chat/topics/${topic}`],
      ['POST', `/chat/topics/${topic}/messages`],
      ['GET', `/chat/topics/${topic}/messages`],
      ['POST', `/chat/topics/${topic}/reads`],
      ['POST', `/chat/topics/${topic}/typing`],
      ['GET', '/chat/users'],
      ['GET', '/chat/users/%E0%A4%A'],
      ['DELETE', '/chat/topics'],
    ] as const;
    const request = fc.tuple(fc.constantFrom(...routes), textPayload(FIELDS, ids), fc.string({ maxLength: 30 }), fc.boolean());
    let fuzzed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 8, maxLength: 14 }), fc.array(request, { minLength: 3, maxLength: 6 }), async (frames, requests) => {
        for (const f of frames) socket.send(f);
        const answers = await Promise.all(
          requests.map(async ([[method, path], body, query, withToken]) => {
            const target = `${path}${method === 'GET' ? `?q=${encodeURIComponent(query)}&limit=${encodeURIComponent(query)}&before_seq=${encodeURIComponent(query)}` : ''}`;
            const init: RequestInit = { method, headers: { ...(withToken ? { Authorization: `Bearer ${alice.access}` } : {}), ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) } };
            if (method === 'POST') init.body = body;
            const res = await fetch(url + target, init);
            return (await res.json()) as Record<string, unknown>;
          }),
        );
        for (const a of answers) {
          const why = malformed(a);
          if (why) problems.push(`http: ${why}`);
        }
        fuzzed += frames.length + requests.length;
        // A probe sent last on the socket is answered: every frame before it was handled.
        const probe = await socket.command('listen', { peer_id: bob.userId });
        if (probe.status !== 200) throw new Error(`probe answered ${String(probe.status)}`);
        if (problems.length) throw new Error(problems.join('; '));
      }),
      { numRuns: 30 }, // within the socket's 600 frames a minute
    );
    console.log(`fuzz haraj: ${fuzzed} frames and requests`);
    expect(fuzzed).toBeGreaterThan(300);
    expect(problems).toEqual([]);
    expect(server.logLines.filter((l) => l.includes('failed'))).toEqual([]);
    // Bob is served as ever.
    expect((await api(url, 'GET', '/chat/topics', { token: bob.access })).status).toBe(200);
    socket.ws.close();
  }, 30_000);
});
