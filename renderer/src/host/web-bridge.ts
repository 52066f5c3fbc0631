// The browser host's half of the IPC contract: `window.parley` built over the WebSocket that
// main/webhost/ipc-socket.ts serves. Browser code only (no Node imports): it runs in the page.
//
// The access key arrives once in the URL fragment (#k=...), which never reaches a server or
// a log. It moves to sessionStorage (so reloading the tab keeps working, and closing the tab
// forgets it) and leaves the visible URL, so it is not bookmarked, shared or screenshotted.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../../contract/api';
import type { CommandName, SessionInfo } from '../../../contract/commands';
import type { ErrorCode, Result } from '../../../contract/errors';
import { validEvents, type ParleyEvent } from '../../../contract/events';
import { hostAnswers, keyInFragment, reportAccessProblem, watchForNewKeys } from './access-key';

const SECRET_STORAGE_KEY = 'parley.webhost.secret';
const SOCKET_OPEN = 1; // WebSocket.OPEN, without needing the global (absent in Node tests)

export interface BackOff {
  initialMs: number;
  maxMs: number;
}

export interface WebSocketTransportOptions {
  /** ws(s)://host/ipc?secret=... */
  url: string;
  /** The page's WebSocket by default; tests pass the `ws` package's. */
  createSocket?: (url: string) => WebSocket;
  backOff?: BackOff;
  /**
   * A connection attempt closed without ever opening (access-key.ts): the host is down, or
   * it refused the key. Called for each such attempt; the transport keeps retrying.
   */
  onNeverOpened?: () => void;
}

export interface WebSocketTransport extends ParleyTransport {
  /** Stops for good: pending calls settle 'offline', no reconnect. */
  close(): void;
}

interface Pending {
  /** JSON text, or a file frame (see encodeFileFrame). */
  frame: string | Uint8Array;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
}

const DEFAULT_BACK_OFF: BackOff = { initialMs: 250, maxMs: 10_000 };

/**
 * A command whose arguments carry a file (`bytes`, a Uint8Array) goes as one binary frame,
 * [uint32 big-endian n][n bytes: the invoke JSON without `bytes`][the bytes] (the host's
 * ipc-socket.ts): no base64, and the JSON part stays small. Everything else is JSON text.
 */
export function encodeFrame(id: number, command: CommandName, args: unknown): string | Uint8Array {
  const bytes = typeof args === 'object' && args !== null ? (args as { bytes?: unknown }).bytes : undefined;
  if (!(bytes instanceof Uint8Array)) return JSON.stringify({ type: 'invoke', id, command, args });
  const { bytes: _bytes, ...rest } = args as Record<string, unknown>;
  const header = new TextEncoder().encode(JSON.stringify({ type: 'invoke', id, command, args: rest }));
  const frame = new Uint8Array(4 + header.byteLength + bytes.byteLength);
  new DataView(frame.buffer).setUint32(0, header.byteLength);
  frame.set(header, 4);
  frame.set(bytes, 4 + header.byteLength);
  return frame;
}

export function createWebSocketTransport(opts: WebSocketTransportOptions): WebSocketTransport {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const backOff = opts.backOff ?? DEFAULT_BACK_OFF;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
  let socket: WebSocket | null = null;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let nextId = 1;
  const link = createHostLinkTracker(emit);

  function connect(): void {
    if (stopped || socket) return;
    const ws = createSocket(opts.url);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      failures = 0;
      for (const call of pending.values()) {
        if (!call.sent) {
          ws.send(call.frame);
          call.sent = true;
        }
      }
      link.reopened(invoke);
    });
    ws.addEventListener('message', (event: MessageEvent) => onFrame(event.data));
    // 'error' is always followed by 'close'; all the handling is there. The listener still
    // matters: a socket that emits 'error' with no listener throws (Node's `ws`, which the
    // tests use; a browser only logs), and a refused reconnect would end the process.
    ws.addEventListener('error', () => undefined);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      settleAll('offline', "Parley's host is not running. Start it again, then reload this page.");
      link.lost();
      if (!opened) opts.onNeverOpened?.();
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (stopped || retryTimer) return;
    const ceiling = Math.min(backOff.maxMs, backOff.initialMs * 2 ** Math.min(failures, 16));
    failures += 1;
    // Jitter, so many tabs do not knock on the host at the same instant.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as { type?: unknown; id?: unknown; result?: unknown; events?: unknown; message?: unknown };
    if (f.type === 'result' && typeof f.id === 'number') {
      settle(f.id, f.result as Result<unknown>);
    } else if (f.type === 'events') {
      const events = validEvents(f.events);
      if (events.length > 0) emit(events);
    } else if (f.type === 'error' && typeof f.id === 'number') {
      // Our frames are well-formed; this is a bug on one side or the other.
      settle(f.id, { ok: false, error: { code: 'internal', message: String(f.message ?? 'the host refused the call') } });
    }
  }

  function emit(events: readonly ParleyEvent[]): void {
    link.observeEvents(events);
    for (const listener of [...listeners]) {
      try {
        listener(events);
      } catch (e) {
        console.error('[parley] event listener failed', e);
      }
    }
  }

  function settle(id: number, result: Result<unknown>): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    call.resolve(result);
  }

  function settleAll(code: ErrorCode, message: string): void {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve({ ok: false, error: { code, message } });
  }

  function invoke(command: CommandName, args: unknown): Promise<Result<unknown>> {
    if (stopped) return Promise.resolve({ ok: false, error: { code: 'offline', message: 'Parley has stopped.' } });
    const id = nextId++;
    const frame = encodeFrame(id, command, args);
    return new Promise<Result<unknown>>((resolve) => {
      const call: Pending = { frame, sent: false, resolve };
      pending.set(id, call);
      if (socket && socket.readyState === SOCKET_OPEN) {
        socket.send(frame);
        call.sent = true;
      } else {
        connect(); // waits for 'open' (or settles 'offline' on 'close')
      }
    }).then((result) => {
      link.observeResult(command, result);
      return result;
    });
  }

  connect();

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
      settleAll('offline', 'Parley has stopped.');
    },
  };
}

/**
 * In Electron the renderer cannot outlive main; here the host can stop while the tab stays
 * open. So that the page shows it instead of a stale 'online', the bridge reports every
 * signed-in account 'offline' when the host goes away, and the real states once it is back.
 */
function createHostLinkTracker(emit: (events: readonly ParleyEvent[]) => void) {
  let accountIds: string[] = [];
  let lost = false;
  const fromStatuses = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.flatMap((s) => {
          const id = (s as { account?: { id?: unknown } } | null)?.account?.id;
          return typeof id === 'string' ? [id] : [];
        })
      : [];
  return {
    observeResult(command: CommandName, result: Result<unknown>): void {
      if (!result.ok) return;
      if (command === 'session.get') accountIds = fromStatuses((result.value as { accounts?: unknown }).accounts);
    },
    observeEvents(events: readonly ParleyEvent[]): void {
      for (const e of events) if (e.name === 'accounts.changed') accountIds = fromStatuses(e.payload.accounts);
    },
    lost(): void {
      if (accountIds.length === 0 || lost) return;
      lost = true;
      emit(
        accountIds.map((accountId) => ({
          name: 'connection.changed' as const,
          payload: { accountId, state: 'offline' as const, detail: "Parley's host is not running." },
        })),
      );
    },
    reopened(invoke: (command: CommandName, args: unknown) => Promise<Result<unknown>>): void {
      if (!lost) return;
      lost = false;
      // The host may have restarted with other accounts: the renderer re-reads the whole set.
      void invoke('session.get', {}).then((result) => {
        if (!result.ok) return;
        const { accounts } = result.value as SessionInfo;
        emit([{ name: 'accounts.changed', payload: { accounts } }]);
      });
    },
  };
}

/** Keeps the key for this tab (a reload finds it; closing the tab forgets it). */
function storeKey(win: Pick<Window, 'sessionStorage'>, key: string): void {
  try {
    win.sessionStorage.setItem(SECRET_STORAGE_KEY, key);
  } catch {
    // Storage disabled: this load works, a reload will need the link again.
  }
}

/** The access key: from the fragment on first load (then hidden), else from this tab's storage. */
export function takeAccessKey(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  const key = keyInFragment(win.location.hash);
  if (key) {
    storeKey(win, key);
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    return key;
  }
  try {
    return win.sessionStorage.getItem(SECRET_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** A transport that cannot reach anything: every call explains how to open Parley properly. */
function keylessTransport(): ParleyTransport {
  const message = 'Open Parley with the link its host printed when it started (it contains the access key).';
  return {
    invoke: () => Promise.resolve({ ok: false, error: { code: 'forbidden', message } }),
    subscribe: () => () => undefined,
  };
}

/** The key each window took on its first load: taken once, so a second reader does not depend on sessionStorage. */
const takenKeys = new WeakMap<object, string | null>();

/**
 * The access key without taking it: the one taken already, else the one in the fragment, else
 * null. Touches no storage (a first access to sessionStorage is a synchronous round trip to the
 * browser, 1–6 ms of a cold start on two cores): a first start asks for its list with it before
 * the shell's first frame (main.tsx) and takes the key after that frame.
 */
export function peekAccessKey(win: Pick<Window, 'location'> = window): string | null {
  return takenKeys.has(win) ? takenKeys.get(win)! : keyInFragment(win.location.hash);
}

/** This page's access key, taken once (`takeAccessKey`) and then remembered. */
export function accessKeyOf(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  if (!takenKeys.has(win)) takenKeys.set(win, takeAccessKey(win));
  return takenKeys.get(win)!;
}

export function createWebParleyApi(win: Window = window): ParleyApi {
  const key = accessKeyOf(win);
  // A link brought into this tab later (access-key.ts): picked up without a manual reload.
  watchForNewKeys(win, key, (next) => storeKey(win, next));
  if (!key) {
    reportAccessProblem('missing');
    return createParleyApi(keylessTransport());
  }
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${win.location.host}/ipc?secret=${encodeURIComponent(key)}`;
  let probing = false;
  const onNeverOpened = () => {
    if (probing) return;
    probing = true;
    // Answers over HTTP but not the socket: the key is refused (a restarted host has a new one).
    void hostAnswers().then((up) => {
      probing = false;
      if (up) reportAccessProblem('stale');
    });
  };
  return createParleyApi(createWebSocketTransport({ url, onNeverOpened }));
}
