// Property-based fuzzing of every HTTP route of both fronts, against a running server:
// random methods, paths, query strings, Host and Content-Type headers, sessions and bodies
// (JSON, pseudo-JSON, garbage, huge, deep, "__proto__" keys, numbers past 2^64). Every
// answer is one of the documented statuses, never a 500, and every refusal is a JSON
// `{error, reason}`; raw garbage on the socket gets a 400 or a closed connection; and a
// Netalo client is served all along.

import fc from 'fast-check';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { hugeString, nastyValue, requestObject, textPayload } from './fuzz-arbitraries';
import { getJson, online, request, signUp, uniqueName, type TestServer } from './support';
import { startFuzzServer } from './fuzz-server';
import { rawHttp, type RawAnswer } from './raw-http';

const STATUSES = new Set([200, 201, 400, 401, 404, 405, 409, 413, 415, 421, 429, 431, 503]);
/** Every route of both fronts with its method, and a few paths that are none. */
const ROUTES: Array<{ talker: boolean; path: string; method: string }> = [
  ...[['/api/v1/health', 'GET'], ['/api/v1/signup', 'POST'], ['/api/v1/signin', 'POST'], ['/api/v1/signout', 'POST'], ['/api/v1/users', 'GET']].map(([path, method]) => ({ talker: false, path: path!, method: method! })),
  ...['/messeages', '/contacts', '/search/users', '/search/messeages', '/blocked/users', '/isUsed/email', '/isUsed/username', '/register', '/register/confirm'].flatMap((path) => [
    { talker: true, path, method: 'GET' },
    { talker: true, path, method: 'POST' },
  ]),
];
const JUNK_PATHS = ['/', '/api/v1/', '/api/v1/users/x', '/%00', '/..%2f..%2fetc/passwd', '//api/v1/health', '/nope', '/socket.io'];
const PARAMS = ['q', 'uins', 'user_id', 'clientAddress', 'with_id', 'from_messeage', 'limit', 'user_name', 'talker_id', 'messeage', 'email', 'username', 'hash', 'id', 'uuid', 'password', 'display_name', '__proto__', 'constructor'];

let server: TestServer;
beforeAll(async () => {
  // Small sign-up and sign-in allowances: each real one costs a 0.1 s password hash.
  server = await startFuzzServer({
    demo: true,
    talkerPort: 0,
    limits: { signUpsPerAddress: { burst: 5 }, signInPerAddress: { freeFailures: 5 }, signInPerAccount: { freeFailures: 2 } },
  });
});
afterAll(async () => {
  await server.stop();
});

/** Any value as query-string text (String() throws on a null-prototype object). */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[object]';
  }
}

function why(answer: RawAnswer, method: string): string | null {
  if (!STATUSES.has(answer.status)) return `status ${answer.status}`;
  if (method === 'HEAD') return null;
  if (answer.status >= 400) {
    const body = answer.body;
    if (!body || typeof body.error !== 'string' || typeof body.reason !== 'string') return `refusal not {error, reason}: ${answer.text.slice(0, 200)}`;
    return null;
  }
  try {
    JSON.parse(answer.text);
  } catch {
    return `success not JSON: ${answer.text.slice(0, 200)}`;
  }
  return null;
}

describe('fuzzing the HTTP routes', () => {
  it('answers every random request with a documented status and a JSON body, never 500', async () => {
    const me = await signUp(server.url);
    const watcher = await online(server, await signUp(server.url));
    // A talker connection, so that signed-in talker routes can be reached with real values.
    const alice = io(server.talkerUrl!, { query: { c: uniqueName() }, auth: { login: 'alice', hash: 'alice-parley' }, forceNew: true, reconnection: false });
    const signedIn = await new Promise<{ id: number; handshake: string }>((resolve) => alice.once('login', resolve));
    const real = [me.uin, String(signedIn.id), signedIn.handshake, 'alice', 'bob', me.username];
    const port = (u: string) => new URL(u).port;
    const hosts = [`127.0.0.1:${port(server.url)}`, `localhost:${port(server.talkerUrl!)}`, '127.0.0.1'];

    const queryValue = fc.oneof(fc.constantFrom(...real), nastyValue(real).map((v) => (typeof v === 'string' ? v.slice(0, 300) : text(v).slice(0, 300))));
    const pairs = fc.array(fc.tuple(fc.constantFrom(...PARAMS), queryValue), { maxLength: 5 });
    // A third of the time as the signed-in talker user, so that signed-in routes get past their check.
    const signedInAs: Array<[string, string]> = [['user_id', String(signedIn.id)], ['clientAddress', signedIn.handshake]];
    const query = fc.tuple(fc.integer({ min: 0, max: 2 }), pairs).map(([as, list]) => {
      const search = new URLSearchParams();
      for (const [k, v] of as === 0 ? [...signedInAs, ...list] : list) search.append(k, v);
      return search.size ? `?${search}` : '';
    });
    const body = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: requestObject(PARAMS, real).map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null') },
      { weight: 2, arbitrary: textPayload(PARAMS, real) },
      { weight: 1, arbitrary: fc.constantFrom('{"username": 18446744073709551616, "password": 1e400}', '{"__proto__": {"username": "alice"}, "password": "x"}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]') },
      { weight: 1, arbitrary: hugeString },
    );
    const target = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...ROUTES) },
      { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.constantFrom(...JUNK_PATHS)).map(([talker, path]) => ({ talker, path, method: 'GET' })) },
    );
    const spec = fc.record({
      target,
      query,
      // Mostly the route's own method, sometimes any.
      method: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
      type: fc.constantFrom<string | null>('application/json', 'application/json', 'text/plain', null, 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', '\u0007'.replace('\u0007', 'x/y')),
      session: fc.constantFrom<string | null>(null, null, me.session, 'f'.repeat(64), 'not a token', 'a'.repeat(4000)),
      host: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...hosts) }, { weight: 1, arbitrary: fc.constantFrom('evil.example', '127.0.0.1.nip.io', '[::1]', 'localhost') }),
      body,
    });

    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const watchdogDone = { done: false };
    const watchdog = (async () => {
      let served = 0;
      while (!watchdogDone.done) {
        expect((await request(watcher, 'list_group', {})).result).toBe(0);
        served += 1;
        await new Promise((r) => setTimeout(r, 25));
      }
      return served;
    })();

    let fuzzed = 0;
    try {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 4, maxLength: 4 }), async (batch) => {
        await Promise.all(
          batch.map(async (r) => {
            const base = r.target.talker ? server.talkerUrl! : server.url;
            const method = r.method ?? r.target.method;
            const headers: Record<string, string> = { Host: r.host };
            if (r.type !== null) headers['Content-Type'] = r.type;
            if (r.session !== null) headers.Session = r.session;
            fuzzed += 1;
            const answer = await rawHttp(base, { method, path: r.target.path + r.query, headers, agent, ...(r.body !== undefined ? { body: r.body } : {}) });
            const problem = why(answer, method);
            if (problem) throw new Error(`${method} ${base} ${r.target.path}: ${problem}`);
          }),
        );
      }),
      { numRuns: 400 },
    );
    } finally {
      watchdogDone.done = true;
      agent.destroy();
      alice.disconnect();
    }
    const served = await watchdog;

    console.log(`fuzz http: ${fuzzed} requests at ${ROUTES.length} routes of both fronts (and ${JUNK_PATHS.length} other paths); watchdog round trips meanwhile: ${served}`);
    expect(served).toBeGreaterThan(0);
    expect((await getJson(`${server.url}/api/v1/health`)).status).toBe(200);
    expect(server.logLines.filter((l) => /http request failed|talker route failed/.test(l))).toEqual([]);
  }, 60_000);

  it('answers raw garbage on the socket with 400 or a closed connection, on both ports', async () => {
    const lines = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }).map((s) => `${s}\r\n\r\n`),
        fc.tuple(fc.constantFrom('GET', 'POST', 'BREW', ''), fc.string({ maxLength: 60 }), fc.constantFrom('HTTP/1.1', 'HTTP/9.9', 'HTTP/1.1 extra', '')).map(
          ([m, p, v]) => `${m} ${p} ${v}\r\nHost: 127.0.0.1\r\n\r\n`,
        ),
        fc.constantFrom('GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 'POST /api/v1/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(5000) + '\r\n'),
      ),
      { numRuns: 100, seed: 7 },
    );
    let sent = 0;
    for (const url of [server.url, server.talkerUrl!]) {
      for (const raw of lines) {
        // The whole answer: the server closes after a refusal of malformed HTTP.
        const answer = await new Promise<string>((resolve) => {
          const chunks: Buffer[] = [];
          const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(raw));
          socket.on('data', (d: Buffer) => chunks.push(d));
          socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8') || 'closed'));
          socket.on('error', () => undefined);
          // An incomplete request (no blank line yet) is waited for: that is no answer, and fine.
          socket.setTimeout(300, () => {
            if (chunks.length === 0) resolve('waiting');
            socket.destroy();
          });
        });
        const first = answer.split('\r\n')[0] ?? '';
        sent += 1;
        if (first.startsWith('HTTP/')) {
          // The first answer only (a kept-alive connection may carry a second one after it).
          const headEnd = answer.indexOf('\r\n\r\n') + 4;
          const length = Number(/content-length: (\d+)/i.exec(answer.slice(0, headEnd))?.[1]);
          const body = JSON.parse(answer.slice(headEnd, headEnd + length)) as Record<string, unknown>;
          expect(body).toEqual({ error: expect.any(String), reason: expect.any(String) });
        }
        expect(first).toMatch(/^HTTP\/1\.1 (400|404|405|421|431|501|505)|^closed$|^waiting$/);
      }
    }
    console.log(`fuzz http: ${sent} raw malformed requests`);
    expect((await getJson(`${server.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${server.talkerUrl}/isUsed/username?username=alice`)).status).toBe(200);
  }, 60_000);
});
