// One account's live socket.io connection to Netalo's `/data` namespace: its life cycle,
// its requests (acks) and its pushed events, all validated at this boundary.
//
// Life cycle (server/PROTOCOL.md, "socket.io: namespace /data"):
//   connect() → 'connecting'; transport up → wait for `login`; login 0 → 'online';
//   transport down → 'offline' and socket.io reconnects with back-off;
//   login 2 (expired) / 7 (conflict) → 'session-ended', and no reconnect ever again.

import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { ParleyError, type ErrorCode } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession } from '../../core/adapter';
import { errorName, type Logger } from '../../core/logger';
import { hostOf } from './http';
import { decodePayload, decodePush } from './payload';
import { ackSchema, describeIssues, loginSchema } from './schemas';
import { losslessParser } from './wire/socketio-parser';

export interface ConnectionOptions {
  /** Default time to wait for an ack. */
  requestTimeoutMs?: number;
  /** How long a connected socket may wait for `login` before we drop it and retry. */
  loginTimeoutMs?: number;
  /** A probe (after sleep, or after this long without a packet) must be answered within this. */
  probeTimeoutMs?: number;
  /** Probe a connection that has carried nothing for this long. */
  idleProbeMs?: number;
  /** socket.io's first reconnection delay (tests raise it to show "Retry now" skips it). */
  reconnectDelayMs?: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';

/** What the connection reports; the adapter passes these on to its listeners. */
export type ConnectionEvent = Extract<AdapterEvent, { type: 'connection' | 'session-ended' }>;

const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 10_000;
const RANDOMISATION = 0.5;

/** ack `result` → ParleyError code (server/PROTOCOL.md table). */
const RESULT_CODES: Record<number, ErrorCode> = {
  1: 'invalid-argument',
  2: 'session-expired',
  3: 'not-found',
  4: 'forbidden',
};

interface PushHandler {
  event: string;
  schema: z.ZodType<unknown>;
  handle: (data: unknown) => void | Promise<void>;
}

export class NetaloConnection {
  private readonly host: string;
  private readonly requestTimeoutMs: number;
  private readonly loginTimeoutMs: number;
  private socket: Socket | undefined;
  private current: ConnectionState = 'idle';
  private endedReason: 'expired' | 'conflict' | undefined;
  private readonly pushes: PushHandler[] = [];
  /** Pushed events waiting to be handled, in arrival order (drainInbound); `inboundHead` is the next. */
  private inbound: Array<{ event: string; run: () => void | Promise<void> }> = [];
  private inboundHead = 0;
  private draining = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempts = 0;
  private loginTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly probeTimeoutMs: number;
  private readonly idleProbeMs: number;
  private readonly reconnectDelayMs: number;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  /** When the socket last carried anything from the server (a packet, a ping). */
  private lastHeardAt = 0;
  private probing = false;

  constructor(
    private readonly session: AdapterSession,
    private readonly log: Logger,
    private readonly report: (event: ConnectionEvent) => void,
    options: ConnectionOptions = {},
  ) {
    this.host = hostOf(session.serverUrl);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.idleProbeMs = options.idleProbeMs ?? 60_000;
    this.reconnectDelayMs = options.reconnectDelayMs ?? RECONNECT_DELAY_MS;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Whether a (re)connection is under way or scheduled. */
  get reconnecting(): boolean {
    return this.retryTimer !== undefined || (this.socket?.active ?? false);
  }

  /**
   * Handles pushed `event`s: each payload is decoded (object or pseudo-JSON string),
   * validated, then handled in arrival order. One that fails validation is logged (issue
   * paths only, never values: they may be message text) and dropped. Register before connect().
   */
  onPush<T>(event: string, schema: z.ZodType<T>, handle: (data: T) => void | Promise<void>): void {
    // The handler only ever receives what `schema` produced, so widening T to unknown is safe.
    this.pushes.push({ event, schema, handle: handle as (data: unknown) => void | Promise<void> });
  }

  connect(): void {
    if (this.socket || this.current === 'ended' || this.current === 'closed') return;
    this.setState('connecting');
    let socket: Socket;
    try {
      socket = this.open(this.session.secret.value);
    } catch (e) {
      // Only a broken stored server URL gets here; retrying would not fix it.
      this.log.error('cannot open a connection', { host: this.host, error: errorName(e) });
      this.setState('offline', `"${this.session.serverUrl}" is not a usable server address`);
      return;
    }
    this.socket = socket;
    this.listen(socket);
  }

  /**
   * Is the socket really alive? After a sleep (or a NAT that forgot us) a socket can report
   * connected while nothing reaches either side; socket.io's own ping notices only after up
   * to a minute. One cheap request with a short deadline tells: no answer, and the socket is
   * replaced by a new connection (which resyncs and flushes the outbox like any reconnect).
   */
  probe(): void {
    const socket = this.socket;
    if (!socket || this.current !== 'online' || this.probing) return;
    this.probing = true;
    socket
      .timeout(this.probeTimeoutMs)
      .emitWithAck('list_group', { uin: this.session.userId, pindex: 0, psize: 1, sort_by: 1 })
      .then(
        () => {
          this.lastHeardAt = Date.now();
        },
        () => {
          if (this.socket !== socket || this.current !== 'online') return;
          this.log.warn('the connection stopped answering; replacing it', { host: this.host });
          this.replaceSocket(`The server at ${this.host} stopped answering`);
        },
      )
      .finally(() => {
        this.probing = false;
      });
  }

  /** "Retry now": skip the back-off, and replace a socket that is stuck connecting. */
  reconnectNow(): void {
    if (!this.isLive() || !this.socket || this.current === 'online') return;
    this.log.info('reconnecting now, as asked', { host: this.host });
    this.retryAttempts = 0;
    this.replaceSocket();
  }

  /** A fresh connection in place of the current one, whatever state that one is in. */
  private replaceSocket(detail?: string): void {
    const old = this.socket;
    if (!old) return;
    this.clearTimers();
    old.removeAllListeners();
    old.io.removeAllListeners?.();
    old.disconnect();
    this.socket = undefined;
    if (detail && this.current === 'online') this.setState('offline', detail);
    this.setState('connecting');
    const socket = this.open(this.session.secret.value);
    this.socket = socket;
    this.listen(socket);
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.clearTimers();
    this.socket?.disconnect();
  }

  /**
   * One request with an ack. Never emits unless online: socket.io would buffer it instead.
   * `acceptResults`: non-zero results that are answers, not failures (create_call's busy, 8):
   * their ack is parsed with `schema` like a success.
   */
  async request<T>(event: string, payload: Record<string, unknown>, schema: z.ZodType<T>, opts: { acceptResults?: readonly number[] } = {}): Promise<T> {
    const socket = this.socket;
    if (!socket || this.current !== 'online') throw this.notOnlineError();
    let raw: unknown;
    try {
      raw = await socket.timeout(this.requestTimeoutMs).emitWithAck(event, payload);
    } catch (e) {
      // The request was emitted: 'offline' would claim nothing left the machine, which the
      // outbox relies on. Only an ended session says more than "outcome unknown".
      // (Read through a widening cast: the await above may have ended the session.)
      if ((this.current as ConnectionState) === 'ended') throw this.notOnlineError();
      if (e instanceof Error && e.message === 'operation has timed out') {
        throw new ParleyError('timeout', `The server did not answer in ${Math.round(this.requestTimeoutMs / 1000)} s`);
      }
      // Disconnected while waiting: the request may or may not have been carried out.
      this.log.debug('request interrupted', { event, error: e instanceof Error ? e.message : String(e) });
      throw new ParleyError('timeout', 'The connection dropped before the server answered');
    }
    const answer = decodePayload(raw);
    const head = ackSchema.safeParse(answer);
    if (!head.success) throw this.malformed(event, head.error);
    const { result, reason } = head.data;
    if (result !== 0 && !opts.acceptResults?.includes(result)) {
      if (result === 2) this.endSession('expired');
      const code = RESULT_CODES[result] ?? 'server-error';
      throw new ParleyError(code, reason || `The server refused ${event} (result ${result})`);
    }
    const body = schema.safeParse(answer);
    if (!body.success) throw this.malformed(event, body.error);
    return body.data;
  }

  /** Logs what was wrong (paths, not values) and gives the error a caller throws. */
  malformed(event: string, error: z.ZodError): ParleyError {
    this.log.warn('malformed ack', { event, issues: describeIssues(error) });
    return new ParleyError('server-error', 'malformed answer from server');
  }

  private open(token: string): Socket {
    return io(`${this.session.serverUrl}/data`, {
      transports: ['websocket'],
      // parley_batch: Parley's reference server then sends what one of its turns pushes as one
      // `batch` event (server/PROTOCOL.md, Batched pushes); other servers ignore it.
      query: { session: token, parley_batch: '1' },
      extraHeaders: { Session: token },
      parser: losslessParser,
      // One connection per account, whatever socket.io's multiplexing rules: a shared
      // Manager would carry the first account's session query for both.
      forceNew: true,
      reconnection: true,
      reconnectionDelay: this.reconnectDelayMs,
      reconnectionDelayMax: Math.max(this.reconnectDelayMs, RECONNECT_DELAY_MAX_MS),
      randomizationFactor: RANDOMISATION,
      timeout: 10_000,
    });
  }

  private listen(socket: Socket): void {
    // Anything from the server (a packet or an engine ping) shows the socket is alive.
    const heard = () => {
      this.lastHeardAt = Date.now();
    };
    socket.onAny(heard);
    socket.io.on('ping', heard);
    socket.on('connect', () => {
      this.log.debug('transport connected, waiting for login', { host: this.host });
      this.clearLoginTimer();
      this.loginTimer = setTimeout(() => {
        this.loginTimer = undefined;
        if (this.current === 'online' || !this.isLive()) return;
        this.log.warn('no login answer from the server; reconnecting', { host: this.host });
        this.setState('offline', 'The server did not complete sign-in');
        socket.disconnect();
        this.scheduleRetry();
      }, this.loginTimeoutMs);
    });

    socket.on('disconnect', (reason) => {
      this.clearLoginTimer();
      if (!this.isLive()) return;
      this.log.info('disconnected', { host: this.host, reason });
      this.setState('offline', disconnectDetail(reason, this.host));
      // socket.io reconnects by itself except when the server hung up on purpose.
      if (reason === 'io server disconnect') this.scheduleRetry();
    });

    socket.on('connect_error', (err) => {
      if (!this.isLive()) return;
      this.log.debug('connect failed', { host: this.host, error: err.message });
      this.setState('offline', `Cannot reach the server at ${this.host}`);
      // `active` false: refused by the server (not a network error); socket.io gives up.
      if (!socket.active) this.scheduleRetry();
    });

    socket.on('login', (...args: unknown[]) => this.guard('login', () => this.onLogin(args[0])));

    for (const push of this.pushes) {
      socket.on(push.event, (...args: unknown[]) => this.guard(push.event, () => this.onPushed(push, args[0])));
    }
    socket.on('batch', (...args: unknown[]) => this.guard('batch', () => this.onBatch(args[0])));
  }

  /** A `batch` (server/PROTOCOL.md): `[[event, data], ...]`, each handled as if pushed alone, in order. */
  private onBatch(entries: unknown): void {
    if (!Array.isArray(entries)) {
      this.log.warn('dropped malformed push', { event: 'batch', issues: 'not an array' });
      return;
    }
    for (const entry of entries) {
      const push = Array.isArray(entry) && typeof entry[0] === 'string' ? this.pushes.find((p) => p.event === entry[0]) : undefined;
      // An event this client does not handle is ignored, as it would be pushed alone.
      if (push) this.guard(push.event, () => this.onPushed(push, (entry as unknown[])[1]));
    }
  }

  private onPushed(push: PushHandler, payload: unknown): void {
    if (!this.isLive()) return;
    const data = decodePush(push.event, push.schema, payload, this.log);
    if (data === undefined) return;
    this.inbound.push({ event: push.event, run: () => (this.isLive() ? push.handle(data) : undefined) });
    if (this.draining) return;
    this.draining = true;
    // After the packets at hand, as before: a push never runs inside socket.io's dispatch.
    queueMicrotask(() => void this.drainInbound());
  }

  /**
   * Handles queued pushes one after another, so that their order survives async work. A
   * handler that finishes at once (a message) lets the next run straight away: a flood costs
   * no promise per push.
   */
  private async drainInbound(): Promise<void> {
    try {
      while (this.inboundHead < this.inbound.length) {
        const { event, run } = this.inbound[this.inboundHead++]!;
        try {
          const pending = run();
          if (pending) await pending;
        } catch (e) {
          this.log.error('push handler failed', { event, error: errorName(e) });
        }
      }
    } finally {
      this.inbound = [];
      this.inboundHead = 0;
      this.draining = false;
    }
  }

  private onLogin(payload: unknown): void {
    const login = decodePush('login', loginSchema, payload, this.log);
    if (!login) return;
    this.clearLoginTimer();
    const { result, uin } = login;
    if (result === 0) {
      if (uin && uin !== this.session.userId) {
        this.log.warn('login answered for another user id', { expected: this.session.userId, got: uin });
      }
      this.retryAttempts = 0;
      this.lastHeardAt = Date.now();
      this.startIdleWatch();
      this.setState('online');
    } else if (result === 2) {
      this.endSession('expired');
    } else if (result === 7) {
      this.endSession('conflict');
    } else {
      this.log.warn('login refused with an unknown result; retrying', { result });
      this.setState('offline', `The server refused the connection (login result ${result})`);
      this.socket?.disconnect();
      this.scheduleRetry();
    }
  }

  /** The server is the judge of a session: once it says no, we stop for good. */
  private endSession(reason: 'expired' | 'conflict'): void {
    if (!this.isLive()) return;
    this.log.info('session ended by the server', { reason });
    this.current = 'ended';
    this.endedReason = reason;
    this.clearTimers();
    this.socket?.disconnect();
    this.report({ type: 'session-ended', reason });
  }

  /** Reconnect by hand where socket.io would not (server hang-up, refused handshake). */
  private scheduleRetry(): void {
    if (!this.isLive() || this.retryTimer) return;
    const base = Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MS * 2 ** this.retryAttempts++);
    const delay = Math.min(RECONNECT_DELAY_MAX_MS, base * (1 - RANDOMISATION + Math.random() * 2 * RANDOMISATION));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.isLive() && this.socket && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private setState(state: 'connecting' | 'online' | 'offline', detail?: string): void {
    if (this.current === state) return;
    this.current = state;
    this.report({ type: 'connection', state, ...(detail ? { detail } : {}) });
  }

  private isLive(): boolean {
    return this.current !== 'ended' && this.current !== 'closed';
  }

  private notOnlineError(): ParleyError {
    if (this.current === 'ended' && this.endedReason === 'conflict') {
      return new ParleyError('conflict', 'This session is in use elsewhere: sign in again');
    }
    if (this.current === 'ended') return new ParleyError('session-expired', 'The session has expired: sign in again');
    return new ParleyError('offline', `Not connected to ${this.host}`);
  }

  /** Runs a socket listener body; nothing may throw out of a listener into socket.io. */
  private guard(event: string, body: () => void): void {
    try {
      body();
    } catch (e) {
      this.log.error('push handler failed', { event, error: errorName(e) });
    }
  }

  private clearLoginTimer(): void {
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }

  /** A quiet socket is probed: socket.io's ping keeps a live one from ever looking quiet for long. */
  private startIdleWatch(): void {
    if (this.idleTimer) return;
    this.idleTimer = setInterval(() => {
      if (this.current === 'online' && Date.now() - this.lastHeardAt > this.idleProbeMs) this.probe();
    }, Math.max(1_000, Math.floor(this.idleProbeMs / 2)));
    this.idleTimer.unref?.();
  }

  private clearTimers(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    this.clearLoginTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function disconnectDetail(reason: string, host: string): string {
  switch (reason) {
    case 'io server disconnect':
      return `The server at ${host} closed the connection`;
    case 'ping timeout':
      return `The server at ${host} stopped answering`;
    default:
      return `Connection to ${host} lost`;
  }
}
