// One Mingdao account's socket.io connection: path `/mds2` (the real web client's, protocol
// notes), the session in the query twice over (`pss_id` as the notes say, `token` + `app` as
// the document says: "both must be added"), reconnection with back-off, node-style acks
// with a deadline, and the pushed events, checked at this boundary.
//
// A refused handshake (connect_error 'unauthorized') means the pss_id is no longer valid:
// the session has ended and nothing retries. Any other failure retries with back-off.

import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { decodeEvent } from './wire';

export type MingdaoConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';
export type ConnectionEvent = Extract<AdapterEvent, { type: 'connection' | 'session-ended' }>;

export interface MingdaoConnectionOptions {
  /** How long a request waits for its ack. */
  ackTimeoutMs?: number;
  /** First reconnect delay (socket.io doubles it up to 10 s). */
  reconnectDelayMs?: number;
  /** How long a probe (checkConnection) waits for its answer. */
  probeTimeoutMs?: number;
}

export const MINGDAO_PATH = '/mds2';
const RECONNECT_DELAY_MAX_MS = 10_000;
/** What a Mingdao server says when it refuses the session at the handshake (shared spec). */
const UNAUTHORIZED = 'unauthorized';

export class MingdaoConnection {
  private socket: Socket | undefined;
  private current: MingdaoConnectionState = 'idle';
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly handlers = new Map<string, Array<(data: unknown) => void>>();
  private readonly lostListeners: Array<() => void> = [];
  /** Requests waiting for their ack: each fails when the connection drops. */
  private readonly waiting = new Set<() => void>();
  private readonly ackTimeoutMs: number;
  private readonly reconnectDelayMs: number;
  private readonly probeTimeoutMs: number;

  constructor(
    private readonly serverUrl: string,
    private readonly pssId: string,
    private readonly log: Logger,
    private readonly report: (event: ConnectionEvent) => void,
    options: MingdaoConnectionOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 500;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5000;
  }

  get state(): MingdaoConnectionState {
    return this.current;
  }

  /** Handles a pushed event: `schema` checks it; one that fails is logged (paths only) and dropped. */
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

  /** Runs on every loss of the connection (work that must not survive it: waiting requests). */
  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  connect(): void {
    if (this.socket || !this.isLive()) return;
    this.setState('connecting');
    const socket = io(this.serverUrl, {
      path: MINGDAO_PATH,
      query: { pss_id: this.pssId, token: this.pssId, app: 'parley' },
      forceNew: true,
      reconnectionDelay: this.reconnectDelayMs,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
      randomizationFactor: 0.5,
      timeout: 10_000,
    });
    this.socket = socket;
    socket.on('connect', () => this.setState('online'));
    socket.on('disconnect', (reason) => {
      this.lost();
      if (!this.isLive()) return;
      this.setState('offline', reason === 'io server disconnect' ? 'The Mingdao server closed the connection' : undefined);
      // socket.io reconnects by itself except after a server hang-up.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.on('connect_error', (e: Error) => {
      if (!this.isLive()) return;
      if (!socket.active) {
        // Refused by the server's middleware: socket.io does not retry these by itself.
        if (e.message === UNAUTHORIZED) {
          this.log.info('the server refused the stored session');
          this.current = 'ended';
          socket.disconnect();
          this.report({ type: 'session-ended', reason: 'expired' });
          return;
        }
        this.retryLater();
      }
      this.setState('offline', `Cannot reach ${this.serverUrl}: ${e.message.slice(0, 200)}`);
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      const handlers = this.handlers.get(event);
      if (!handlers) return void this.log.debug('ignored an event', { event: event.slice(0, 64) });
      // A server that asks for an ack on a push gets none: Mingdao's pushes carry none.
      for (const handle of handlers) handle(args[0]);
    });
  }

  /** "Retry now": a fresh attempt at once instead of after the back-off. */
  reconnectNow(): void {
    if (!this.isLive() || !this.socket || this.current === 'online') return;
    this.log.info('reconnecting now, as asked');
    this.clearRetry();
    this.socket.disconnect().connect();
  }

  /**
   * After a sleep or a quiet spell: one cheap request (`unread count`) with a short deadline.
   * No answer means the socket is dead though it looks connected: it is replaced.
   */
  probe(): void {
    const socket = this.socket;
    if (!socket || this.current !== 'online') return;
    this.request('unread count', {}, this.probeTimeoutMs).catch((e: unknown) => {
      if (!(e instanceof ParleyError) || e.code !== 'timeout' || this.socket !== socket || this.current !== 'online') return;
      this.log.info('the connection did not answer a probe; reconnecting');
      // 'disconnect' (io client disconnect) reports offline and fails what waits.
      socket.disconnect().connect();
    });
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.clearRetry();
    this.lost();
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
  }

  /**
   * Emits a request and resolves with the ack's arguments. 'offline' when not connected
   * (nothing left the machine); 'timeout' when no ack came in time or the connection dropped
   * while waiting (the outcome is unknown).
   */
  request(event: string, payload: Record<string, unknown>, timeoutMs = this.ackTimeoutMs): Promise<unknown[]> {
    const socket = this.socket;
    if (!socket || this.current !== 'online') return Promise.reject(this.notOnlineError());
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiting.delete(onLost);
      };
      const onLost = () => {
        settle();
        reject(new ParleyError('timeout', `The connection to Mingdao dropped before it answered "${event}"`));
      };
      const timer = setTimeout(() => {
        settle();
        reject(new ParleyError('timeout', `Mingdao did not answer "${event}" within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiting.add(onLost);
      socket.emit(event, payload, (...args: unknown[]) => {
        settle();
        resolve(args);
      });
    });
  }

  notOnlineError(): ParleyError {
    if (this.current === 'ended') return new ParleyError('session-expired', 'Mingdao no longer accepts this session: sign in again');
    return new ParleyError('offline', `Not connected to ${this.serverUrl}`);
  }

  private lost(): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const fail of waiting) fail();
    for (const listener of this.lostListeners) listener();
  }

  private retryLater(): void {
    if (this.retryTimer || !this.isLive()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.isLive() && this.current !== 'online') this.socket?.connect();
    }, this.reconnectDelayMs * 4);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setState(state: 'connecting' | 'online' | 'offline', detail?: string): void {
    if (this.current === state || !this.isLive()) return;
    this.current = state;
    this.report({ type: 'connection', state, ...(detail ? { detail } : {}) });
  }

  private isLive(): boolean {
    return this.current !== 'ended' && this.current !== 'closed';
  }
}
