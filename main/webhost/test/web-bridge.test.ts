// The renderer's bridge (renderer/src/host/web-bridge.ts) against a real browser host, over
// real sockets: the `ws` package stands in for the page's WebSocket.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { EventName } from '../../../contract/events';
import { accessKeyOf, createWebSocketTransport, peekAccessKey, takeAccessKey, type WebSocketTransport } from '../../../renderer/src/host/web-bridge';
import type { ProtocolAdapterFactory } from '../../core/adapter';
import { ParleyCore } from '../../core/core';
import { createMemoryLogger } from '../../core/logger';
import { MemorySessionStore } from '../../core/session-store';
import { FAKE_PASSWORD, fakeAdapterFactory, fakeSession } from '../../core/test/fake-adapter';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { startWebHost, type WebHost } from '../web-host';

const tempDir = tempDirsForFile();
const rendererDir = tempDir('bridge');
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startCoreAndHost(opts: { factory?: ProtocolAdapterFactory; signedIn?: boolean; port?: number; secret?: string } = {}) {
  const core = new ParleyCore({
    factories: [opts.factory ?? fakeAdapterFactory()],
    sessionStore: new MemorySessionStore(opts.signedIn ? [fakeSession()] : []),
    dataDir: tempDir('bridge-data'),
    defaultServerUrls: { netalo: 'http://127.0.0.1:7450' },
    log: createMemoryLogger(),
    openExternal: () => undefined,
  });
  await core.start();
  const host = await startWebHost({
    core,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    rendererDir,
    log: createMemoryLogger(),
    ...(opts.secret ? { secret: opts.secret } : {}),
  });
  let closed = false;
  const stop = async () => {
    if (closed) return;
    closed = true;
    await host.close();
    await core.stop();
  };
  cleanups.push(stop);
  return { core, host, stop };
}

function bridgeTo(host: WebHost): WebSocketTransport {
  const transport = createWebSocketTransport({
    url: `${host.origin.replace(/^http/, 'ws')}/ipc?secret=${host.secret}`,
    // A browser sends its page's Origin by itself; the `ws` client must be told. The `ws`
    // WebSocket implements the event-target subset the bridge uses, not the whole DOM type.
    createSocket: (url) => new NodeWebSocket(url, { origin: host.origin }) as unknown as WebSocket,
    backOff: { initialMs: 20, maxMs: 200 },
  });
  cleanups.push(() => transport.close());
  return transport;
}

function nextEvent(transport: WebSocketTransport, name: EventName, matching: (p: unknown) => boolean = () => true): Promise<unknown> {
  return new Promise((resolve) => {
    const unsubscribe = transport.subscribe((events) => {
      const found = events.find((e) => e.name === name && matching(e.payload));
      if (found) {
        unsubscribe();
        resolve(found.payload);
      }
    });
  });
}

describe('web bridge', () => {
  it('invokes before the socket is open (the call waits) and gets the result', async () => {
    const { host } = await startCoreAndHost();
    const bridge = bridgeTo(host);
    const result = await bridge.invoke('session.get', {});
    expect(result).toMatchObject({ ok: true, value: { accounts: [], protocols: [{ protocol: 'netalo' }] } });
  });

  it('delivers event batches to subscribers until they unsubscribe', async () => {
    const { host } = await startCoreAndHost();
    const bridge = bridgeTo(host);
    const seen: EventName[] = [];
    const unsubscribe = bridge.subscribe((events) => seen.push(...events.map((e) => e.name)));
    const changed = nextEvent(bridge, 'accounts.changed');
    const signedIn = await bridge.invoke('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
    expect(await changed).toMatchObject({ accounts: [{ account: { id: expect.stringContaining('netalo|') } }] });
    expect(seen).toContain('accounts.changed');
    unsubscribe();
    const count = seen.length;
    const signedOut = nextEvent(bridge, 'accounts.changed');
    const accountId = (signedIn as { value: { account: { id: string } } }).value.account.id;
    await bridge.invoke('session.signOut', { accountId });
    await signedOut;
    expect(seen.length).toBe(count);
  });

  it('settles pending calls as offline when the host stops, and says the account is offline', async () => {
    // Sign-in never answers: the call is still pending when the host goes away.
    const hanging: ProtocolAdapterFactory = { ...fakeAdapterFactory(), signIn: () => new Promise(() => undefined) };
    const { host, stop } = await startCoreAndHost({ factory: hanging, signedIn: true });
    const bridge = bridgeTo(host);
    expect(await bridge.invoke('session.get', {})).toMatchObject({ ok: true, value: { accounts: [{ account: { username: 'alice' } }] } });
    const pending = bridge.invoke('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: 'x' });
    const offline = nextEvent(bridge, 'connection.changed');
    await stop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'offline', message: expect.stringMatching(/host/) } });
    expect(await offline).toMatchObject({ state: 'offline' });
  });

  it('reconnects with back-off when the host is back, and reports the real state', async () => {
    const first = await startCoreAndHost({ signedIn: true });
    const port = Number(new URL(first.host.origin).port);
    const secret = first.host.secret;
    const bridge = bridgeTo(first.host);
    await bridge.invoke('session.get', {});
    const offline = nextEvent(bridge, 'connection.changed', (p) => (p as { state: string }).state === 'offline');
    await first.stop();
    await offline;

    const back = nextEvent(bridge, 'accounts.changed');
    await startCoreAndHost({ signedIn: true, port, secret });
    expect(await back).toMatchObject({ accounts: [{ connection: 'connecting', account: { username: 'alice' } }] });
  });
});

describe('access key', () => {
  function fakeWindow(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [['parley.webhost.secret', stored]] : []);
    const replaced: string[] = [];
    const win = {
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    } as unknown as Window;
    return { win, storage, replaced };
  }

  it('takes the key from the fragment, keeps it for reloads and hides it from the URL', () => {
    const { win, storage, replaced } = fakeWindow('#k=abc123def456');
    expect(takeAccessKey(win)).toBe('abc123def456');
    expect(storage.get('parley.webhost.secret')).toBe('abc123def456');
    expect(replaced).toEqual(['/']);
  });

  it('uses the stored key after a reload, and a new link replaces it', () => {
    expect(takeAccessKey(fakeWindow('', 'stored-key').win)).toBe('stored-key');
    const fresh = fakeWindow('#k=newkey', 'stored-key');
    expect(takeAccessKey(fresh.win)).toBe('newkey');
    expect(fresh.storage.get('parley.webhost.secret')).toBe('newkey');
  });

  it('has no key when opened without the link', () => {
    expect(takeAccessKey(fakeWindow('').win)).toBeNull();
  });

  it('is taken once per page: a second reader (the first-screen request, then the socket) gets it without storage', () => {
    const { win, replaced } = fakeWindow('#k=once-key');
    // Storage that keeps nothing (disabled, or full): the fragment is the only place the key was.
    (win as unknown as { sessionStorage: unknown }).sessionStorage = { getItem: () => null, setItem: () => undefined };
    expect(accessKeyOf(win)).toBe('once-key');
    expect(replaced).toEqual(['/']);
    expect(accessKeyOf(win)).toBe('once-key');
    expect(replaced).toEqual(['/']);
  });

  it('can be read before it is taken without touching storage or the address bar (a first start asks for its rows before the shell paints)', () => {
    const { win, replaced } = fakeWindow('#k=early-key');
    const touched: string[] = [];
    (win as unknown as { sessionStorage: unknown }).sessionStorage = {
      getItem: () => (touched.push('get'), null),
      setItem: () => void touched.push('set'),
    };
    expect(peekAccessKey(win)).toBe('early-key');
    expect(touched).toEqual([]);
    expect(replaced).toEqual([]);
    // Taking it afterwards stores and hides it, and a later peek gives the key taken.
    expect(accessKeyOf(win)).toBe('early-key');
    expect(touched).toEqual(['set']);
    expect(replaced).toEqual(['/']);
    expect(peekAccessKey(win)).toBe('early-key');
  });

  it('is not peeked from storage: a page opened without the link has none to ask with', () => {
    const { win } = fakeWindow('', 'stored-key');
    expect(peekAccessKey(win)).toBeNull();
  });
});
