// The adapter's failure handling against a FAKE talker server (fake-talker-server.ts): the
// cases the real front cannot produce on demand.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterEvent, AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { TalkerAdapter } from '../adapter';
import { startFakeTalker, type FakeTalker } from './fake-talker-server';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(url: string, hash = 'right'): AdapterSession {
  return { protocol: 'talker', serverUrl: url, userId: '1', username: 'alice', displayName: 'alice', secret: { version: 1, value: JSON.stringify({ login: 'alice', hash }) } };
}

async function setUp(opts: { hash?: string; sendTimeoutMs?: number } = {}): Promise<{ fake: FakeTalker; adapter: TalkerAdapter; events: AdapterEvent[]; next(test: (e: AdapterEvent) => boolean, from?: number): Promise<AdapterEvent> }> {
  const fake = await startFakeTalker();
  cleanups.push(() => fake.close());
  const adapter = new TalkerAdapter(session(fake.url, opts.hash), createMemoryLogger(), { sendTimeoutMs: opts.sendTimeoutMs ?? 5000 });
  cleanups.push(() => adapter.close());
  const events: AdapterEvent[] = [];
  const waiters: Array<() => void> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  /** The first event from index `from` on that passes `test`, now or when it comes. */
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
  return { fake, adapter, events, next };
}

const online = (e: AdapterEvent) => e.type === 'connection' && e.state === 'online';

describe('talker adapter against a fake server', () => {
  it('resolves a send with its echo', async () => {
    const { adapter, next } = await setUp();
    await next(online);
    const sent = await adapter.sendMessage({ conversationId: '2', text: 'hello', nonce: 'n-00000001' });
    expect(sent).toMatchObject({ conversationId: '2', text: 'hello', senderId: '1', status: 'sent' });
  });

  it('fails the waiting send when the server answers the bare error 400', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    fake.onMessage = 'error';
    await expect(adapter.sendMessage({ conversationId: '2', text: 'refused', nonce: 'n-00000002' })).rejects.toMatchObject({ code: 'server-error' });
  });

  it('says timeout (outcome unknown) when no echo comes, and offline when nothing left the machine', async () => {
    const { fake, adapter, next } = await setUp({ sendTimeoutMs: 300 });
    await next(online);
    fake.onMessage = 'silent';
    await expect(adapter.sendMessage({ conversationId: '2', text: 'lost', nonce: 'n-00000003' })).rejects.toMatchObject({ code: 'timeout' });
    adapter.close();
    await expect(adapter.sendMessage({ conversationId: '2', text: 'never sent', nonce: 'n-00000004' })).rejects.toMatchObject({ code: 'offline' });
  });

  it('ends the session when the stored login is refused', async () => {
    const { next } = await setUp({ hash: 'wrong' });
    expect(await next((e) => e.type === 'session-ended')).toEqual({ type: 'session-ended', reason: 'expired' });
  });

  it('finds a message of ours in the history after a lost echo, and not one from before the attempt', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    fake.history = [
      { id: 9, from_user: 1, to_user: 2, content: 'same text', content_type: 'text', readen: null, notified: 1, init_date: '2026-11-22 14:05:09' },
      { id: 8, from_user: 2, to_user: 1, content: 'same text', content_type: 'text', readen: null, notified: 1, init_date: '2026-11-22 14:05:08' },
    ];
    const at = Date.UTC(2026, 10, 22, 14, 5, 9);
    expect(await adapter.findSentMessage({ conversationId: '2', text: 'same text', notBefore: at, exclude: [] })).toMatchObject({ id: '9' });
    expect(await adapter.findSentMessage({ conversationId: '2', text: 'same text', notBefore: at, exclude: ['9'] })).toBeNull();
    expect(await adapter.findSentMessage({ conversationId: '2', text: 'same text', notBefore: at + 3_600_000, exclude: [] })).toBeNull();
  });

  it('repeats `type` while typing and stops when told', async () => {
    const { fake, adapter, next } = await setUp();
    await next(online);
    adapter.setTyping({ conversationId: '2', typing: true });
    const types = () => fake.received.filter((r) => r.event === 'type').length;
    // The first at once, the second a heartbeat later.
    await fake.receivedAtLeast('type', 2);
    adapter.setTyping({ conversationId: '2', typing: false });
    const after = types();
    // The heartbeat's next beat would have come by now; awaiting a round trip proves it did not.
    await adapter.sendMessage({ conversationId: '2', text: 'done typing', nonce: 'n-00000005' });
    expect(types()).toBe(after);
    expect(fake.received.find((r) => r.event === 'type')?.data).toEqual({ user_id: 1, to_id: 2 });
  });

  it('drops malformed frames and keeps going', async () => {
    const { fake, adapter, events, next } = await setUp();
    await next(online);
    const socket = fake.sockets[0]!;
    socket.emit('messeage', { id: 'x' });
    socket.emit('typing', 'yes');
    socket.emit('read', null);
    const sent = await adapter.sendMessage({ conversationId: '2', text: 'still fine', nonce: 'n-00000006' });
    expect(sent.text).toBe('still fine');
    expect(events.filter((e) => e.type === 'message' || e.type === 'typing' || e.type === 'receipt')).toEqual([]);
  });

  it('signs in again with the stored secret after the server drops the connection', async () => {
    const { fake, next, events } = await setUp();
    await next(online);
    fake.sockets[0]!.disconnect(true);
    await next((e) => e.type === 'connection' && e.state === 'offline');
    await next(online, events.length);
    expect(fake.sockets.length).toBe(2);
  });
});
