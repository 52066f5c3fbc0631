// Property-based fuzzing of the Haraj adapter's inbound side, over a real socket from the
// FAKE Haraj server (fake-haraj-server.ts): valid packets and answers with one field made
// hostile (structure-aware mutation), random JSON and garbage. What is checked: every frame
// was handled (a probe packet sent last arrives), every event the adapter emitted is
// well-formed (ids as decimal strings, topic ids Parley accepts, finite times), the socket
// stayed up, and no log line holds any of the content.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { FuzzCounter, fuzzOptions, hostileValue, mutated, SECRET, watchedLogger } from '../../test/fuzz-support';
import { HarajAdapter } from '../adapter';
import { secretOf } from '../secret';
import { FAKE_USER_ID, startFakeHaraj, type FakeHaraj } from './fake-haraj-server';
import type { WebSocket } from 'ws';

let fake: FakeHaraj;
let adapter: HarajAdapter;
let socket: WebSocket;
const log = watchedLogger();
const events: AdapterEvent[] = [];
const waiters: Array<() => void> = [];

beforeAll(async () => {
  fake = await startFakeHaraj();
  const session: AdapterSession = { protocol: 'haraj', serverUrl: fake.url, userId: String(FAKE_USER_ID), username: 'me', displayName: 'me', secret: secretOf({ access: 'access-0', refresh: 'refresh-0' }) };
  adapter = new HarajAdapter(session, log);
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  adapter.connect();
  socket = await fake.authenticated(1);
});
afterAll(async () => {
  adapter.close();
  await fake.close();
});

const DIGITS = /^\d{1,16}$/;
const TOPIC = /^[\w.:@|-]{1,128}$/;

/** Why an event is not well-formed, or null. */
function malformed(e: AdapterEvent): string | null {
  switch (e.type) {
    case 'message': {
      const m = e.message;
      const ok = DIGITS.test(m.id ?? '') && TOPIC.test(m.conversationId) && DIGITS.test(m.senderId) && typeof m.text === 'string' && m.text.length <= 64 * 1024 && Number.isFinite(m.sentAt);
      return ok ? null : 'message';
    }
    case 'receipt':
      return TOPIC.test(e.receipt.conversationId) && DIGITS.test(e.receipt.userId) && (e.receipt.messageIds ?? []).every((id) => DIGITS.test(id)) ? null : 'receipt';
    case 'presence':
      return DIGITS.test(e.presence.userId) && (e.presence.lastSeenAt === undefined || Number.isFinite(e.presence.lastSeenAt)) ? null : 'presence';
    case 'typing':
      return TOPIC.test(e.typing.conversationId) && DIGITS.test(e.typing.userId) ? null : 'typing';
    case 'conversation':
      return TOPIC.test(e.conversation.id) && Number.isFinite(e.conversation.lastActivityAt) ? null : 'conversation';
    case 'connection':
      return e.state === 'online' ? null : `connection ${e.state}`;
    default:
      return `unexpected ${e.type}`;
  }
}

const ts = fc.constantFrom('2026-12-02T10:00:00.000Z', 'not a time', '');
const id = fc.oneof(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(2, '3'));
const message = fc.record({
  topic_id: fc.constantFrom('p2p1_2', 'p2p1_3'),
  seq_id: id,
  from_id: fc.constantFrom(2, 3, FAKE_USER_ID),
  name: fc.constantFrom('bob', SECRET),
  content: fc.record({ type: fc.constantFrom('text/plain', 'image/png'), payload: fc.record({ text: fc.constantFrom(SECRET, `مرحبا ${SECRET}`) }) }),
  status: fc.constant({ '1': false }),
  ts,
});
const reads = fc.record({ from_id: id, topic_id: fc.constant('p2p1_2'), seq_ids: fc.array(id, { maxLength: 5 }), ts });
const pres = fc.record({ what: fc.constantFrom('online', 'offline', 'typing', 'stop_typing'), from_id: id, topic_id: fc.constant('p2p1_2'), ts });
const answer = fc.record({ id: fc.constantFrom('listen 1', 'auth 1', SECRET), status: fc.constantFrom(200, 400, 403), data: fc.constant({ peer_id: 2, is_online: true }), err: fc.constant('ERR_BAD_REQUEST'), ts });

const asText = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null';
const frame = fc
  .oneof(
    { weight: 3, arbitrary: mutated(message.map((m) => ({ message: m }))) },
    { weight: 2, arbitrary: mutated(reads.map((r) => ({ reads: r }))) },
    { weight: 2, arbitrary: mutated(pres.map((p) => ({ pres: p }))) },
    { weight: 1, arbitrary: mutated(answer) },
    { weight: 1, arbitrary: hostileValue },
  )
  .map(asText)
  .filter((text) => Buffer.byteLength(text) < 1024 * 1024);
const garbage = fc.oneof(fc.string({ maxLength: 80 }).map((s) => `${s}${SECRET}`), fc.json({ maxDepth: 3 }));

describe('fuzzing the Haraj adapter', () => {
  it('handles every frame, emits only well-formed events, stays connected and logs no content', async () => {
    const counter = new FuzzCounter();
    let probes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 5, arbitrary: frame }, { weight: 1, arbitrary: garbage }), { minLength: 1, maxLength: 12 }), async (frames) => {
        const from = events.length;
        for (const f of frames) counter.count('frame', () => socket.send(f))();
        const probe = `probe-${++probes}`;
        socket.send(JSON.stringify({ message: { topic_id: 'p2p1_9', seq_id: 1e12 + probes, from_id: 9, content: { type: 'text/plain', payload: { text: probe } } } }));
        await new Promise<void>((resolve) => {
          const check = () => (events.slice(from).some((e) => e.type === 'message' && e.message.text === probe) ? resolve() : waiters.push(check));
          check();
        });
        const bad = events.slice(from).map(malformed).filter((why) => why !== null);
        if (bad.length) throw new Error(bad.join('; '));
        if (log.leaked()) throw new Error('a log line holds payload content');
      }),
      fuzzOptions(120),
    );
    console.log(counter.summary('haraj adapter'));
    expect(counter.total()).toBeGreaterThan(400);
    expect(fake.sockets).toHaveLength(1);
    expect(log.lines.filter((l) => l.includes('failed'))).toEqual([]);
  }, 30_000);
});
