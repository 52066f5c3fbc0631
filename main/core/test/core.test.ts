import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../../contract/commands';
import type { AccountStatus } from '../../../contract/domain';
import type { Result } from '../../../contract/errors';
import type { EventName, ParleyEvents } from '../../../contract/events';
import type { AdapterSession, ProtocolAdapterFactory } from '../adapter';
import { SESSION_ENDED_MESSAGES } from '../adapter-events';
import { ParleyCore } from '../core';
import { createMemoryLogger } from '../logger';
import { MemorySessionStore } from '../session-store';
import { FAKE_PASSWORD, fakeAdapterFactory, fakeSession, type FakeAdapterFactory } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
// Every core a test made is stopped before its data directory is removed: a core left running
// (an account still opening, a read mark being saved) would write into it again afterwards.
const cores: ParleyCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
});
const DEFAULT_URL = 'http://127.0.0.1:7450';
const ACCOUNT_ID = 'netalo|http://127.0.0.1:9|18446744073709551557';
const TALKER_ID = 'talker|http://127.0.0.1:9|18446744073709551557';

/** A store whose saves can be awaited by the test: no sleeping until they happen. */
class WatchedStore extends MemorySessionStore {
  saves = 0;
  private waiters: Array<() => void> = [];
  override async save(sessions: readonly AdapterSession[]): Promise<void> {
    await super.save(sessions);
    this.saves += 1;
    for (const w of this.waiters.splice(0)) w();
  }
  nextSave(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

function setup(opts: { saved?: AdapterSession[]; factory?: FakeAdapterFactory; factories?: ProtocolAdapterFactory[] } = {}) {
  const factory = opts.factory ?? fakeAdapterFactory();
  const factories = opts.factories ?? [factory];
  const store = new WatchedStore(opts.saved ?? []);
  const log = createMemoryLogger();
  const openExternal = vi.fn(async (_url: string) => undefined);
  const dataDir = tempDir('core');
  const core = new ParleyCore({
    factories,
    sessionStore: store,
    dataDir,
    defaultServerUrls: { netalo: DEFAULT_URL },
    log,
    openExternal,
    scheduleEvents: (flush) => flush(),
  });
  cores.push(core);
  const events: Array<{ name: EventName; payload: unknown }> = [];
  core.onEvent((batch) => {
    for (const e of batch) events.push({ name: e.name, payload: e.payload });
  });
  const eventsNamed = <E extends EventName>(name: E) =>
    events.filter((e) => e.name === name).map((e) => e.payload as ParleyEvents[E]);
  return { core, factory, store, log, openExternal, events, eventsNamed, dataDir };
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function errorCode(result: Result<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

/** Resolves when an event of that name has been emitted (now or later). */
function nextEvent<E extends EventName>(ctx: ReturnType<typeof setup>, name: E, seen = ctx.eventsNamed(name).length): Promise<ParleyEvents[E]> {
  return new Promise((resolve) => {
    const check = () => {
      const list = ctx.eventsNamed(name);
      if (list.length > seen) resolve(list[seen]!);
      else setImmediate(check);
    };
    check();
  });
}

describe('ParleyCore start', () => {
  it('answers session.get at once when signed out', async () => {
    const { core } = setup();
    await core.start();
    const info = value<SessionInfo>(await core.dispatch('session.get', {}));
    expect(info.accounts).toEqual([]);
    expect(info.protocols).toEqual([
      expect.objectContaining({ protocol: 'netalo', label: 'Netalo', defaultServerUrl: DEFAULT_URL, fields: ['serverUrl', 'username', 'password'] }),
    ]);
  });

  it('restores a saved session offline: session.get answers at once, connecting, then offline', async () => {
    const ctx = setup({ saved: [fakeSession()] });
    const { core, factory } = ctx;
    // The fake never reaches any network: start() and session.get complete without it.
    await core.start();
    const info = value<SessionInfo>(await core.dispatch('session.get', {}));
    expect(info.accounts).toHaveLength(1);
    expect(info.accounts[0]!.account).toMatchObject({ id: ACCOUNT_ID, username: 'alice', displayName: 'Alice', userId: '18446744073709551557' });
    expect(info.accounts[0]!.connection).toBe('connecting');
    expect(info.accounts[0]!.capabilities).toEqual(factory.capabilities);
    expect(factory.latest?.connected).toBe(true);

    const changed = nextEvent(ctx, 'connection.changed');
    factory.latest!.emit({ type: 'connection', state: 'offline', detail: 'server unreachable' });
    expect(await changed).toEqual({ accountId: ACCOUNT_ID, state: 'offline', detail: 'server unreachable' });
    expect(value<SessionInfo>(await core.dispatch('session.get', {})).accounts[0]!.connection).toBe('offline');
  });

  it('commands issued before start() finishes wait for the saved session, not the network', async () => {
    const { core } = setup({ saved: [fakeSession()] });
    const started = core.start();
    const info = core.dispatch('session.get', {});
    await started;
    expect(value<SessionInfo>(await info).accounts.map((a) => a.account.id)).toEqual([ACCOUNT_ID]);
  });
});

describe('ParleyCore accounts', () => {
  const netaloSignIn = { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD } as const;
  const talkerSignIn = { protocol: 'talker', serverUrl: 'http://127.0.0.1:9', login: 'alice', password: FAKE_PASSWORD } as const;

  function twoProtocols() {
    const netalo = fakeAdapterFactory({}, 'netalo');
    const talker = fakeAdapterFactory({ signUp: false, unreadCounts: false }, 'talker');
    return { netalo, talker, ctx: setup({ factory: netalo, factories: [netalo, talker] }) };
  }

  it('signs in: saves the account, announces it, connects', async () => {
    const { core, factory, store, eventsNamed } = setup();
    await core.start();
    const status = value<AccountStatus>(await core.dispatch('session.signIn', netaloSignIn));
    expect(status.account.id).toBe(ACCOUNT_ID);
    expect(status.connection).toBe('connecting');
    expect(await store.load()).toMatchObject([{ username: 'alice', secret: { version: 1, value: 'f'.repeat(64) } }]);
    expect(eventsNamed('accounts.changed').at(-1)?.accounts.map((a) => a.account.id)).toEqual([ACCOUNT_ID]);
    expect(factory.latest?.connected).toBe(true);
  });

  it('keeps several accounts on different protocols at once, each with its own adapter', async () => {
    const { netalo, talker, ctx } = twoProtocols();
    await ctx.core.start();
    value(await ctx.core.dispatch('session.signIn', netaloSignIn));
    value(await ctx.core.dispatch('session.signIn', talkerSignIn));
    const info = value<SessionInfo>(await ctx.core.dispatch('session.get', {}));
    expect(info.accounts.map((a) => a.account.id)).toEqual([ACCOUNT_ID, TALKER_ID]);
    expect(info.protocols.map((p) => p.protocol)).toEqual(['netalo', 'talker']);
    expect(netalo.latest?.closed).toBe(false);
    expect(talker.latest?.closed).toBe(false);
    expect((await ctx.store.load()).map((s) => s.protocol)).toEqual(['netalo', 'talker']);
  });

  it('signs in per protocol: the credentials of one protocol never reach another', async () => {
    const { ctx } = twoProtocols();
    const wrong = await ctx.core.dispatch('session.signIn', { protocol: 'talker', serverUrl: DEFAULT_URL, username: 'alice', password: 'x' });
    expect(errorCode(wrong)).toBe('invalid-argument');
    // AZStack needs an app ID and public key: talker's fields are not AZStack credentials.
    expect(errorCode(await ctx.core.dispatch('session.signIn', { ...talkerSignIn, protocol: 'azstack' }))).toBe('invalid-argument');
    // Mingdao's form has talker's fields, but this build (two fakes) cannot sign in to Mingdao.
    expect(errorCode(await ctx.core.dispatch('session.signIn', { ...talkerSignIn, protocol: 'mingdao' }))).toBe('unsupported');
  });

  it('signs one account out and leaves the other signed in', async () => {
    const { netalo, talker, ctx } = twoProtocols();
    await ctx.core.start();
    value(await ctx.core.dispatch('session.signIn', netaloSignIn));
    value(await ctx.core.dispatch('session.signIn', talkerSignIn));
    expect(value(await ctx.core.dispatch('session.signOut', { accountId: ACCOUNT_ID }))).toBeNull();
    expect(netalo.latest?.closed).toBe(true);
    expect(talker.latest?.closed).toBe(false);
    expect(value<SessionInfo>(await ctx.core.dispatch('session.get', {})).accounts.map((a) => a.account.id)).toEqual([TALKER_ID]);
    expect((await ctx.store.load()).map((s) => s.protocol)).toEqual(['talker']);
  });

  it('passes a refused sign-in through and adds nothing', async () => {
    const { core, store } = setup();
    const result = await core.dispatch('session.signIn', { ...netaloSignIn, password: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } });
    expect(await store.load()).toEqual([]);
  });

  it('answers unsupported for a protocol this build cannot speak', async () => {
    const { core } = setup();
    expect(errorCode(await core.dispatch('session.signIn', talkerSignIn))).toBe('unsupported');
  });

  it.each([
    ['expired', SESSION_ENDED_MESSAGES.expired, /expired/],
    ['conflict', SESSION_ENDED_MESSAGES.conflict, /another device or window/],
  ] as const)('one session ended by the server (%s) is announced and forgotten; the other account keeps working', async (reason, message, pattern) => {
    const { netalo, talker, ctx } = twoProtocols();
    await ctx.core.start();
    value(await ctx.core.dispatch('session.signIn', netaloSignIn));
    value(await ctx.core.dispatch('session.signIn', talkerSignIn));
    const adapter = netalo.latest!;
    adapter.emit({ type: 'connection', state: 'online' });
    const ended = nextEvent(ctx, 'session.ended');
    adapter.emit({ type: 'session-ended', reason });
    expect(await ended).toEqual({ accountId: ACCOUNT_ID, reason, message });
    expect(message).toMatch(pattern);
    expect(adapter.closed).toBe(true);
    expect(talker.latest?.closed).toBe(false);
    expect((await ctx.store.load()).map((s) => s.protocol)).toEqual(['talker']);
    expect(errorCode(await ctx.core.dispatch('conversations.list', { accountId: ACCOUNT_ID, limit: 10 }))).toBe('not-signed-in');
    expect(value<{ items: unknown[] }>(await ctx.core.dispatch('conversations.list', { accountId: TALKER_ID, limit: 10 })).items).toHaveLength(1);
  });

  it('stores a renewed session secret the adapter hands back', async () => {
    const ctx = setup({ saved: [fakeSession()] });
    await ctx.core.start();
    const saved = ctx.store.nextSave();
    ctx.factory.latest!.emit({ type: 'session-renewed', secret: { version: 2, value: 'renewed-token' }, expiresAt: 42 });
    await saved;
    expect(await ctx.store.load()).toMatchObject([{ secret: { version: 2, value: 'renewed-token' }, expiresAt: 42 }]);
  });

  it('ignores events from an adapter it no longer holds', async () => {
    const { core, factory, events } = setup({ saved: [fakeSession()] });
    await core.start();
    const old = factory.latest!;
    await core.dispatch('session.signIn', netaloSignIn);
    expect(old.closed).toBe(true);
    const before = events.length;
    old.emit({ type: 'session-ended', reason: 'expired' });
    expect(events.length).toBe(before);
  });
});

describe('ParleyCore commands', () => {
  async function signedIn(factory?: FakeAdapterFactory) {
    const ctx = setup({ saved: [fakeSession()], ...(factory ? { factory } : {}) });
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
    expect(sent).toMatchObject({ accountId: ACCOUNT_ID, nonce: 'nonce-0001', text: 'hi', status: 'sending' });
  });

  it('re-emits adapter data events as contract events, stamped, and never logs message text', async () => {
    const ctx = await signedIn();
    const { core, factory, eventsNamed, log } = ctx;
    const adapter = factory.latest!;
    const removed = nextEvent(ctx, 'conversation.removed');
    adapter.emit({
      type: 'message',
      message: { conversationId: '100', id: '5', senderId: '2', kind: 'text', text: 'top secret words', sentAt: 1, status: 'sent' },
    });
    adapter.emit({ type: 'presence', presence: { userId: '2', online: true } });
    adapter.emit({ type: 'conversation-removed', conversationId: '100' });
    await removed;
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
    const result = await core.dispatch('session.signUp', { protocol: 'netalo', serverUrl: DEFAULT_URL, username: 'dana', password: FAKE_PASSWORD });
    expect(errorCode(result)).toBe('unsupported');
  });

  it('opens only http, https and mailto links', async () => {
    const { core, openExternal } = setup();
    expect(await core.dispatch('links.openExternal', { url: 'https://example.com/a?b=c' })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('links.openExternal', { url: 'http://example.com' })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('links.openExternal', { url: 'mailto:bob@example.com' })).toEqual({ ok: true, value: null });
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://example.com/a?b=c', 'http://example.com/', 'mailto:bob@example.com']);

    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>x</script>', 'ms-settings:', 'smb://host/share']) {
      expect(errorCode(await core.dispatch('links.openExternal', { url })), url).toBe('forbidden');
    }
    expect(errorCode(await core.dispatch('links.openExternal', { url: 'not a url' }))).toBe('invalid-argument');
    expect(openExternal).toHaveBeenCalledTimes(3);
  });
});
