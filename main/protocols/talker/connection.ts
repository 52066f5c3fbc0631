// One talker account's socket.io connection: sign-in on the socket (`auth` at connect,
// answered by a `login` event), reconnection with back-off, and the pushed events, checked
// at this boundary. Default transports (long-polling first, then the upgrade), as the
// protocol notes ask; a random `c=` in the query, because the server keys connections by
// their URL and two with the same URL would overwrite each other.

import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { decodeEvent, loginAnswerSchema } from './wire';

export type TalkerConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';
export type ConnectionEvent = Extract<AdapterEvent, { type: 'connection' | 'session-ended' }>;

export interface TalkerCredentials {
  login: string;
  hash: string;
}

export interface TalkerConnectionOptions {
  /** How long a connected socket may wait for `login`. */
  loginTimeoutMs?: number;
}

const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 10_000;

/** Who we are on this connection, once `login` answered. */
export interface SignedIn {
  userId: number;
  /** The client address the server keys us by: HTTP routes take it as `clientAddress`. */
  clientAddress: string;
}

export class TalkerConnection {
  private socket: Socket | undefined;
  private current: TalkerConnectionState = 'idle';
  private signedIn: SignedIn | null = null;
  private loginTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly handlers = new Map<string, Array<(data: unknown) => void>>();
  private readonly loginTimeoutMs: number;

  constructor(
    private readonly serverUrl: string,
    private readonly credentials: TalkerCredentials,
    private readonly log: Logger,
    private readonly report: (event: ConnectionEvent) => void,
    private readonly onOnline: (me: SignedIn) => void,
    options: TalkerConnectionOptions = {},
  ) {
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000;
  }

  get state(): TalkerConnectionState {
    return this.current;
  }

  get me(): SignedIn | null {
    return this.current === 'online' ? this.signedIn : null;
  }

  /** Handles a pushed event: `schema` checks it; one that fails is logged (paths only) and dropped. Register before connect(). */
  on<T>(event: string, schema: z.ZodType<T>, handle: (data: T) => void): void {
    const list = this.handlers.get(event) ?? [];
    list.push((raw) => {
      const data = decodeEvent(event, schema, raw, this.log);
      if (data === undefined) return;
      try {
        handle(data);
      } catch (e) {
        this.log.error('event handler failed', { event, error: e instanceof Error ? e.message : String(e) });
      }
    });
    this.handlers.set(event, list);
  }

  connect(): void {
    if (this.socket || this.current === 'ended' || this.current === 'closed') return;
    this.setState('connecting');
    const socket = io(this.serverUrl, {
      query: { c: randomUUID() },
      auth: { login: this.credentials.login, hash: this.credentials.hash },
      forceNew: true,
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
      randomizationFactor: 0.5,
      timeout: 10_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.clearLoginTimer();
      this.loginTimer = setTimeout(() => {
        this.log.warn('no login answer; reconnecting');
        socket.disconnect().connect();
      }, this.loginTimeoutMs);
    });
    socket.on('login', (raw: unknown) => this.onLogin(raw));
    socket.on('auth', (ok: unknown) => {
      // The server no longer knows this connection as ours (it restarted its address map):
      // sign in again on the same socket.
      if (ok === false && this.current === 'online') {
        this.log.info('server asked to sign in again');
        this.setState('connecting');
        socket.emit('login', { login: this.credentials.login, hash: this.credentials.hash });
      }
    });
    socket.on('disconnect', (reason) => {
      this.clearLoginTimer();
      if (!this.isLive()) return;
      this.setState('offline', reason === 'io server disconnect' ? 'The server closed the connection' : undefined);
      // socket.io reconnects by itself except after a server hang-up.
      if (reason === 'io server disconnect') setTimeout(() => this.isLive() && socket.connect(), RECONNECT_DELAY_MS);
    });
    socket.on('connect_error', (e: Error) => {
      if (!this.isLive()) return;
      this.setState('offline', `Cannot reach ${this.serverUrl}: ${e.message}`);
    });
    socket.onAny((event: string, data: unknown) => {
      for (const handle of this.handlers.get(event) ?? []) handle(data);
    });
  }

  /** "Retry now": a fresh attempt at once instead of after socket.io's back-off. */
  reconnectNow(): void {
    if (!this.isLive() || !this.socket || this.current === 'online') return;
    this.log.info('reconnecting now, as asked');
    this.socket.disconnect().connect();
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.clearLoginTimer();
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
  }

  /** Emits a request; throws 'offline' when not signed in (nothing left the machine). */
  emit(event: string, payload: Record<string, unknown>): void {
    if (!this.socket || this.current !== 'online') throw this.notOnlineError();
    this.socket.emit(event, payload);
  }

  /** Runs `listener` on every (re)connection's loss, for work that must not survive it. */
  onDisconnect(listener: () => void): void {
    this.socket?.on('disconnect', listener);
  }

  private onLogin(raw: unknown): void {
    this.clearLoginTimer();
    const parsed = loginAnswerSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('malformed login answer');
      return;
    }
    if (parsed.data === false) {
      // The stored login no longer signs in (password changed, account gone): no retry.
      this.log.info('the server refused the stored login');
      this.current = 'ended';
      this.socket?.disconnect();
      this.report({ type: 'session-ended', reason: 'expired' });
      return;
    }
    this.signedIn = { userId: parsed.data.id, clientAddress: parsed.data.handshake };
    this.setState('online');
    this.onOnline(this.signedIn);
  }

  private setState(state: 'connecting' | 'online' | 'offline', detail?: string): void {
    if (this.current === state) return;
    this.current = state;
    this.report({ type: 'connection', state, ...(detail ? { detail } : {}) });
  }

  private isLive(): boolean {
    return this.current !== 'ended' && this.current !== 'closed';
  }

  notOnlineError(): ParleyError {
    if (this.current === 'ended') return new ParleyError('session-expired', 'talker no longer accepts this login: sign in again');
    return new ParleyError('offline', `Not connected to ${this.serverUrl}`);
  }

  private clearLoginTimer(): void {
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }
}

/** Signs in once (for the sign-in form): resolves with the user id, then disconnects. */
export function signInOnce(serverUrl: string, credentials: TalkerCredentials, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = io(serverUrl, { query: { c: randomUUID() }, auth: credentials, forceNew: true, reconnection: false, timeout: timeoutMs });
    const done = (settle: () => void) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.disconnect();
      settle();
    };
    const timer = setTimeout(
      () => done(() => reject(new ParleyError('timeout', `The talker server at ${serverUrl} did not answer the sign-in`))),
      timeoutMs,
    );
    socket.on('login', (raw: unknown) => {
      const parsed = loginAnswerSchema.safeParse(raw);
      if (!parsed.success) return done(() => reject(new ParleyError('server-error', 'The talker server answered the sign-in with something unreadable')));
      if (parsed.data === false) return done(() => reject(new ParleyError('invalid-credentials', 'Wrong username, email or password')));
      const { id } = parsed.data;
      done(() => resolve(id));
    });
    socket.on('connect_error', (e: Error) =>
      done(() => reject(new ParleyError('unreachable', `Cannot reach the talker server at ${serverUrl} (${e.message})`))),
    );
  });
}
