// The Haraj adapter's failure handling against a FAKE Haraj server (fake-haraj-server.ts):
// malformed and hostile frames, refused tokens, a dead socket, our own packet racing the
// send's answer — the cases the real front cannot produce on demand.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { HarajAdapter, type HarajAdapterOptions } from '../adapter';
import { secretOf } from '../secret';
import { FAKE_USER_ID, startFakeHaraj } from './fake-haraj-server';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(url: string, access = 'access-0'): AdapterSession {
  return { protocol: 'haraj', serverUrl: url, userId: String(FAKE_USER_ID), username: 'me', displayName: 'me', secret: secretOf({ access, refresh: 'refresh-0' }) };
}

async function setUp(opts: { access?: string; options?: HarajAdapterOptions } = {}) {
  const fake = await startFakeHaraj();
  cleanups.push(() => fake.close());
  const log = createMemoryLogger();
  const adapter = new HarajAdapter(session(fake.url, opts.access), log, { reconnectDelayMs: 20, reconnectDelayMaxMs: 50, ...opts.options });
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = (test: (e: AdapterEvent) => boolean, from = 0) =>
    new Promise<AdapterEvent>((resolve) => {
      const check = () => {
        const found = events.slice(from).find(test);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  adapter.connect();
  return { fake, adapter, events, next, log };
}

const online = (e: AdapterEvent) => e.type === 'connection' && e.state === 'online';
const packet = (text: string, extra: Record<string, unknown> = {}) => ({
  message: { topic_id: 'p2p1_2', seq_id: 500, from_id: 2, name: 'bob', content: { type: 'text/plain', payload: { text } }, status: { '1': false }, ts: '2026-12-02T10:00:00.000Z', ...extra },
});

describe('Haraj adapter against a fake server', () => {
  it('drops malformed and hostile frames without crashing, logs them without their content, and keeps going', async () => {
    const { fake, events, next, log } = await setUp();
    await next(online);
    const ws = await fake.authenticated(1);
    const SECRET = 'SECRET-CONTENT-7731';
    const hostile: Array<string | Buffer> = [
      `not json ${SECRET}`,
      `[${JSON.stringify(SECRET)}]`,
      'null',
      '42',
      Buffer.from(SECRET),
      JSON.stringify({ message: { topic_id: 'p2p1_2', text: SECRET } }),
      JSON.stringify(packet(SECRET, { seq_id: 2 ** 60 })),
      JSON.stringify(packet(SECRET, { seq_id: -1 })),
      JSON.stringify(packet(SECRET, { topic_id: `bad#topic ${SECRET}` })),
      JSON.stringify(packet(SECRET, { from_id: { toString: SECRET } })),
      JSON.stringify(packet(SECRET.repeat(10_000))),
      JSON.stringify({ reads: { from_id: 2, topic_id: 'p2p1_2', seq_ids: Array.from({ length: 20_000 }, (_, i) => i + 1) } }),
      JSON.stringify({ reads: { from_id: 2, topic_id: 'p2p1_2', seq_ids: [SECRET] } }),
      JSON.stringify({ pres: { what: 'dancing', from_id: 2, note: SECRET } }),
      JSON.stringify({ pres: { what: 'typing', from_id: 2 } }),
      '{"__proto__": {"polluted": true}, "message": {"__proto__": {"x": 1}}}',
      '['.repeat(5000) + ']'.repeat(5000),
      JSON.stringify({ id: 'nobody asked', status: 200, data: SECRET }),
      JSON.stringify({ status: 400, err: 'ERR_BAD_REQUEST', ts: 'x' }),
    ];
    for (const frame of hostile) ws.send(frame, { binary: Buffer.isBuffer(frame) });
    // A good packet after all of them: handled, so every frame before it was handled (in order).
    ws.send(JSON.stringify(packet('مرحبا — still fine', { seq_id: 501 })));
    const good = await next((e) => e.type === 'message');
    expect(good).toMatchObject({ type: 'message', message: { id: '501', text: 'مرحبا — still fine', conversationId: 'p2p1_2', senderId: '2' } });
    expect(events.filter((e) => e.type === 'message' || e.type === 'receipt' || e.type === 'typing' || e.type === 'presence')).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(log.lines.filter((l) => l.includes('dropped')).length).toBeGreaterThanOrEqual(12);
    expect(log.lines.join('\n')).not.toContain(SECRET);
    expect(events.filter((e) => e.type === 'connection' && e.state === 'offline')).toEqual([]);
  });

  it('shows non-text content as a placeholder line, not as nothing', async () => {
    const { fake, next } = await setUp();
    await next(online);
    (await fake.authenticated(1)).send(JSON.stringify({ message: { topic_id: 'p2p1_2', seq_id: 9, from_id: 2, content: { type: 'image/png', payload: { url: 'x' } }, ts: '2026-12-02T10:00:00.000Z' } }));
    expect(await next((e) => e.type === 'message')).toMatchObject({ message: { id: '9', text: 'A message Parley cannot show (image/png)' } });
  });

  it('closes a frame above 1 MiB (1009) and reconnects by itself', async () => {
    const { fake, next, events } = await setUp();
    await next(online);
    (await fake.authenticated(1)).send(JSON.stringify(packet('x'.repeat(1_100_000))));
    await next((e) => e.type === 'connection' && e.state === 'offline');
    await next(online, events.findIndex((e) => e.type === 'connection' && e.state === 'offline'));
    await fake.authenticated(2);
    expect(events.some((e) => e.type === 'message')).toBe(false);
  });

  it('refreshes a refused access token at auth and hands the new pair to the core', async () => {
    const { fake, next } = await setUp({ access: 'expired' });
    await next(online);
    expect(fake.refreshes).toBe(1);
    const renewed = await next((e) => e.type === 'session-renewed');
    expect(renewed).toEqual({ type: 'session-renewed', secret: secretOf({ access: 'access-1', refresh: 'refresh-1' }) });
    expect(fake.received.filter((f) => f.auth).map((f) => (f.auth as { access_token: string }).access_token)).toEqual(['expired', 'access-1']);
  });

  it('ends the session when the refresh token is refused, and stops reconnecting', async () => {
    const { fake, next, adapter } = await setUp({ access: 'expired' });
    fake.refresh = 'refuse';
    expect(await next((e) => e.type === 'session-ended')).toEqual({ type: 'session-ended', reason: 'expired' });
    await expect(adapter.listConversations()).rejects.toMatchObject({ code: 'session-expired' });
    expect(fake.sockets.length).toBe(1);
  });

  it('ends the session (and the socket) when an HTTP request meets an expired token and the refresh is refused', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    fake.validAccess.delete('access-0');
    fake.refresh = 'refuse';
    await expect(adapter.listConversations()).rejects.toMatchObject({ code: 'session-expired' });
    expect(await next((e) => e.type === 'session-ended')).toEqual({ type: 'session-ended', reason: 'expired' });
    await expect(adapter.sendMessage({ conversationId: 'p2p1_2', text: 'x', nonce: 'n-2' })).rejects.toMatchObject({ code: 'session-expired' });
  });

  it('refreshes once when an HTTP request meets an expired token, for concurrent requests too', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    fake.validAccess.delete('access-0');
    const pages = await Promise.all([adapter.listConversations(), adapter.listConversations(), adapter.listConversations()]);
    expect(pages.map((p) => p.items)).toEqual([[], [], []]);
    expect(fake.refreshes).toBe(1);
  });

  it('replaces a socket that stops answering a probe', async () => {
    const { fake, adapter, next, events } = await setUp({ options: { probeTimeoutMs: 100 } });
    await next(online);
    fake.autoPong = false;
    adapter.checkConnection();
    const at = events.length;
    await next((e) => e.type === 'connection' && e.state === 'offline', at);
    fake.autoPong = true;
    await next(online, at);
    await fake.authenticated(2);
  });

  it('"Retry now" skips the back-off', async () => {
    const { fake, adapter, next, events } = await setUp({ options: { reconnectDelayMs: 60_000, reconnectDelayMaxMs: 60_000 } });
    await next(online);
    (await fake.authenticated(1)).terminate();
    await next((e) => e.type === 'connection' && e.state === 'offline');
    const at = events.length;
    adapter.reconnectNow();
    await next(online, at); // a minute's back-off would time the test out
    await fake.authenticated(2);
  });

  it('reports a send once when our own packet arrives before its HTTP answer', async () => {
    const { fake, adapter, events, next } = await setUp();
    await next(online);
    const ws = await fake.authenticated(1);
    fake.onSend = (p) => ws.send(JSON.stringify({ message: p }));
    const sent = await adapter.sendMessage({ conversationId: 'p2p1_2', text: 'mine', nonce: 'n-1' });
    expect(sent).toMatchObject({ conversationId: 'p2p1_2', text: 'mine', senderId: String(FAKE_USER_ID), status: 'sent' });
    // A packet from the peer after it proves ours was handled (and skipped) already.
    ws.send(JSON.stringify(packet('after')));
    await next((e) => e.type === 'message');
    expect(events.filter((e) => e.type === 'message').map((e) => (e as { message: { text: string } }).message.text)).toEqual(['after']);
  });

  it('finds a message of ours in the history after an unknown outcome, and not one from before the attempt', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    const at = Date.parse('2026-12-02T10:00:00.000Z');
    const p = (seq: number, from: number) => ({ topic_id: 'p2p1_2', seq_id: seq, from_id: from, content: { type: 'text/plain', payload: { text: 'same' } }, ts: '2026-12-02T10:00:00.000Z' });
    fake.history = [p(9, FAKE_USER_ID), p(8, 2)];
    expect(await adapter.findSentMessage({ conversationId: 'p2p1_2', text: 'same', notBefore: at, exclude: [] })).toMatchObject({ id: '9' });
    expect(await adapter.findSentMessage({ conversationId: 'p2p1_2', text: 'same', notBefore: at, exclude: ['9'] })).toBeNull();
    expect(await adapter.findSentMessage({ conversationId: 'p2p1_2', text: 'same', notBefore: at + 3_600_000, exclude: [] })).toBeNull();
  });
});
