import { describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../../contract/commands';
import type { Result } from '../../../contract/errors';
import type { EventName, ParleyEvents } from '../../../contract/events';
import type { AdapterSession } from '../adapter';
import { SESSION_ENDED_MESSAGES } from '../adapter-events';
import { ParleyCore } from '../core';
import { createMemoryLogger } from '../logger';
import { MemorySessionStore } from '../session-store';
import { FAKE_PASSWORD, fakeAdapterFactory, fakeSession, type FakeAdapterFactory } from './fake-adapter';

const DEFAULT_URL = 'http://127.0.0.1:7450';
const ACCOUNT_ID = 'netalo|http://127.0.0.1:9|18446744073709551557';

/** A store whose clear() can be awaited by the test: no sleeping until it happens. */
class WatchedStore extends MemorySessionStore {
  private onClear: (() => void) | null = null;
  readonly cleared = new Promise<void>((resolve) => (this.onClear = resolve));
  override async clear(): Promise<void> {
    await super.clear();
    this.onClear?.();
  }
}

function setup(opts: { saved?: AdapterSession | null; factory?: FakeAdapterFactory } = {}) {
  const factory = opts.factory ?? fakeAdapterFactory();
  const store = new WatchedStore(opts.saved ?? null);
  const log = createMemoryLogger();
  const openExternal = vi.fn(async (_url: string) => undefined);
  const core = new ParleyCore({ factories: [factory], sessionStore: store, defaultServerUrl: DEFAULT_URL, log, openExternal });
  const events: Array<{ name: EventName; payload: unknown }> = [];
  core.onEvent((name, payload) => events.push({ name, payload }));
  const eventsNamed = <E extends EventName>(name: E) =>
    events.filter((e) => e.name === name).map((e) => e.payload as ParleyEvents[E]);
  return { core, factory, store, log, openExternal, events, eventsNamed };
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function errorCode(result: Result<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('ParleyCore start', () => {
  it('answers session.get at once when signed out', async () => {
    const { core } = setup();
    await core.start();
    expect(value<SessionInfo>(await core.dispatch('session.get', {}))).toEqual({
      defaultServerUrl: DEFAULT_URL,
      account: null,
      connection: 'signed-out',
      capabilities: null,
    });
  });

  it('restores a saved session offline: session.get answers at once, connecting, then offline', async () => {
    const { core, factory, eventsNamed } = setup({ saved: fakeSession() });
    // The fake never reaches any network: start() and session.get complete without it.
    await core.start();
    const info = value<SessionInfo>(await core.dispatch('session.get', {}));
    expect(info.account).toMatchObject({ id: ACCOUNT_ID, username: 'alice', displayName: 'Alice', userId: '18446744073709551557' });
    expect(info.connection).toBe('connecting');
    expect(info.capabilities).toEqual(factory.capabilities);
    expect(factory.latest?.connected).toBe(true);

    factory.latest!.emit({ type: 'connection', state: 'offline', detail: 'server unreachable' });
    expect(eventsNamed('connection.changed')).toEqual([{ accountId: ACCOUNT_ID, state: 'offline', detail: 'server unreachable' }]);
    expect(value<SessionInfo>(await core.dispatch('session.get', {})).connection).toBe('offline');
  });

  it('commands issued before start() finishes wait for the saved session, not the network', async () => {
    const { core } = setup({ saved: fakeSession() });
    const started = core.start();
    const info = core.dispatch('session.get', {});
    await started;
    expect(value<SessionInfo>(await info).account?.id).toBe(ACCOUNT_ID);
  });
});

describe('ParleyCore sessions', () => {
  it('signs in: saves the session, announces it, connects', async () => {
    const { core, factory, store, eventsNamed } = setup();
    await core.start();
    const info = value<SessionInfo>(
      await core.dispatch('session.signIn', { serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD }),
    );
    expect(info.account?.id).toBe(ACCOUNT_ID);
    expect(info.connection).toBe('connecting');
    expect(await store.load()).toMatchObject({ username: 'alice', token: 'f'.repeat(64) });
    expect(eventsNamed('session.changed')).toEqual([{ accountId: ACCOUNT_ID, capabilities: factory.capabilities }]);
    expect(factory.latest?.connected).toBe(true);
  });

  it('passes a refused sign-in through and stays signed out', async () => {
    const { core, store } = setup();
    const result = await core.dispatch('session.signIn', { serverUrl: DEFAULT_URL, username: 'alice', password: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } });
    expect(await store.load()).toBeNull();
  });

  it('signs out: closes the adapter, clears the store, announces null', async () => {
    const { core, factory, store, eventsNamed } = setup({ saved: fakeSession() });
    await core.start();
    expect(value(await core.dispatch('session.signOut', {}))).toBeNull();
    await store.cleared;
    expect(factory.latest?.closed).toBe(true);
    expect(eventsNamed('session.changed').at(-1)).toEqual({ accountId: null, capabilities: null });
    expect(value<SessionInfo>(await core.dispatch('session.get', {})).account).toBeNull();
  });

  it.each([
    ['expired', SESSION_ENDED_MESSAGES.expired, /expired/],
    ['conflict', SESSION_ENDED_MESSAGES.conflict, /another device or window/],
  ] as const)('a session ended by the server (%s) is announced, forgotten and cleared', async (reason, message, pattern) => {
    const { core, factory, store, eventsNamed } = setup({ saved: fakeSession() });
    await core.start();
    const adapter = factory.latest!;
    adapter.emit({ type: 'connection', state: 'online' });
    adapter.emit({ type: 'session-ended', reason });

    expect(eventsNamed('connection.changed').at(-1)).toEqual({ accountId: ACCOUNT_ID, state: 'signed-out' });
    expect(eventsNamed('session.ended')).toEqual([{ accountId: ACCOUNT_ID, reason, message }]);
    expect(message).toMatch(pattern);
    await store.cleared;
    expect(await store.load()).toBeNull();
    expect(adapter.closed).toBe(true);

    const info = value<SessionInfo>(await core.dispatch('session.get', {}));
    expect(info).toMatchObject({ account: null, connection: 'signed-out' });
    expect(errorCode(await core.dispatch('conversations.list', { accountId: ACCOUNT_ID, limit: 10 }))).toBe('not-signed-in');
  });

  it('ignores events from an adapter it no longer holds', async () => {
    const { core, factory, events } = setup({ saved: fakeSession() });
    await core.start();
    const old = factory.latest!;
    await core.dispatch('session.signIn', { serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
    expect(old.closed).toBe(true);
    const before = events.length;
    old.emit({ type: 'session-ended', reason: 'expired' });
    expect(events.length).toBe(before);
  });
});

describe('ParleyCore commands', () => {
  async function signedIn(factory?: FakeAdapterFactory) {
    const ctx = setup({ saved: fakeSession(), ...(factory ? { factory } : {}) });
    await ctx.core.start();
    ctx.factory.latest!.emit({ type: 'connection', state: 'online' });
    return ctx;
  }

  it('answers not-signed-in for an account it does not hold', async () => {
    const { core } = await signedIn();
    const other = 'netalo|http://elsewhere|1';
    for (const [command, args] of [
      ['conversations.list', { accountId: other, limit: 10 }],
      ['conversations.openDirect', { accountId: other, userId: '2' }],
      ['messages.list', { accountId: other, conversationId: '1', limit: 10 }],
      ['messages.send', { accountId: other, conversationId: '1', text: 'x', nonce: 'abcdefgh' }],
      ['users.search', { accountId: other, query: 'bob' }],
      ['users.get', { accountId: other, ids: ['2'] }],
    ] as const) {
      expect(errorCode(await core.dispatch(command, args)), command).toBe('not-signed-in');
    }
  });

  it('stamps the account on what adapters return', async () => {
    const { core } = await signedIn();
    const page = value<{ items: Array<{ accountId: string }> }>(
      await core.dispatch('conversations.list', { accountId: ACCOUNT_ID, limit: 10 }),
    );
    expect(page.items[0]?.accountId).toBe(ACCOUNT_ID);
    const sent = value<{ accountId: string; nonce: string; text: string }>(
      await core.dispatch('messages.send', { accountId: ACCOUNT_ID, conversationId: '100', text: 'hi', nonce: 'nonce-0001' }),
    );
    expect(sent).toMatchObject({ accountId: ACCOUNT_ID, nonce: 'nonce-0001', text: 'hi' });
  });

  it('re-emits adapter data events as contract events, stamped, and never logs message text', async () => {
    const { core, factory, eventsNamed, log } = await signedIn();
    const adapter = factory.latest!;
    adapter.emit({
      type: 'message',
      message: { conversationId: '100', id: '5', senderId: '2', kind: 'text', text: 'top secret words', sentAt: 1, status: 'sent' },
    });
    adapter.emit({ type: 'presence', presence: { userId: '2', online: true } });
    adapter.emit({ type: 'conversation-removed', conversationId: '100' });
    expect(eventsNamed('message.upserted')[0]?.message).toMatchObject({ accountId: ACCOUNT_ID, id: '5' });
    expect(eventsNamed('presence.changed')).toEqual([{ presence: { accountId: ACCOUNT_ID, userId: '2', online: true } }]);
    expect(eventsNamed('conversation.removed')).toEqual([{ accountId: ACCOUNT_ID, conversationId: '100' }]);
    await core.dispatch('messages.send', { accountId: ACCOUNT_ID, conversationId: '100', text: 'also secret', nonce: 'nonce-0002' });
    const logged = log.lines.join('\n');
    expect(logged).not.toContain('top secret words');
    expect(logged).not.toContain('also secret');
    expect(logged).not.toContain('f'.repeat(64));
  });

  it('gates users.search on the capability', async () => {
    const without = await signedIn(fakeAdapterFactory({ userSearch: false }));
    expect(errorCode(await without.core.dispatch('users.search', { accountId: ACCOUNT_ID, query: 'bob' }))).toBe('unsupported');

    const withIt = await signedIn(fakeAdapterFactory({ userSearch: true }));
    expect(value<unknown[]>(await withIt.core.dispatch('users.search', { accountId: ACCOUNT_ID, query: 'bob' }))).toHaveLength(1);
  });

  it('gates sign-up on the capability', async () => {
    const { core } = setup({ factory: fakeAdapterFactory({ signUp: false }) });
    const result = await core.dispatch('session.signUp', { serverUrl: DEFAULT_URL, username: 'dana', password: FAKE_PASSWORD });
    expect(errorCode(result)).toBe('unsupported');
  });

  it('opens only http and https links', async () => {
    const { core, openExternal } = setup();
    expect(await core.dispatch('links.openExternal', { url: 'https://example.com/a?b=c' })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('links.openExternal', { url: 'http://example.com' })).toEqual({ ok: true, value: null });
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://example.com/a?b=c', 'http://example.com/']);

    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>x</script>', 'ms-settings:', 'smb://host/share']) {
      expect(errorCode(await core.dispatch('links.openExternal', { url })), url).toBe('forbidden');
    }
    expect(errorCode(await core.dispatch('links.openExternal', { url: 'not a url' }))).toBe('invalid-argument');
    expect(openExternal).toHaveBeenCalledTimes(2);
  });
});
