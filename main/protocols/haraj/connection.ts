// One Haraj account's /chat/ws: a raw WebSocket (the `ws` package), `auth` with the access
// token first, then packets. Reconnects by itself with exponential back-off and jitter (as
// talker's socket.io client does: 0.5 s doubling to 10 s, ±50 %), until closed or until the
// session ends. An `auth` refused with 401 gets one token refresh (HarajApi) and one more try;
// a refused refresh ends the session. Every frame is bounded and checked: what cannot be read
// is logged without its content and dropped.

import WebSocket from 'ws';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import type { HarajApi } from './http';
import { authDataSchema, decode, MAX_FRAME_BYTES, messagePacketSchema, presPacketSchema, readsPacketSchema, responseSchema, type MessagePacket, type PresPacket } from './wire';
import type { z } from 'zod';

export type HarajConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';
export type ConnectionEvent = Extract<AdapterEvent, { type: 'connection' | 'session-ended' }>;

export type Packet =
  | { kind: 'message'; message: MessagePacket }
  | { kind: 'reads'; reads: z.output<typeof readsPacketSchema> }
  | { kind: 'pres'; pres: PresPacket };

export interface HarajConnectionOptions {
  /** How long a command (auth, listen) waits for its answer. */
  commandTimeoutMs?: number;
  /** The first reconnect delay; it doubles up to reconnectDelayMaxMs. */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** How long a probe (ping) waits for its pong before the socket counts as dead. */
  probeTimeoutMs?: number;
}

type Response = z.output<typeof responseSchema>;

interface Pending {
  resolve(answer: Response): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class HarajConnection {
  private ws: WebSocket | undefined;
  private current: HarajConnectionState = 'idle';
  private userId: number | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private readonly commandTimeoutMs: number;
  private readonly delayMs: number;
  private readonly delayMaxMs: number;
  private readonly probeTimeoutMs: number;

  constructor(
    private readonly serverUrl: string,
    private readonly api: HarajApi,
    private readonly log: Logger,
    private readonly report: (event: ConnectionEvent) => void,
    private readonly onOnline: (userId: number) => void,
    private readonly onPacket: (packet: Packet) => void,
    options: HarajConnectionOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.delayMs = options.reconnectDelayMs ?? 500;
    this.delayMaxMs = options.reconnectDelayMaxMs ?? 10_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
  }

  get state(): HarajConnectionState {
    return this.current;
  }

  /** Our user id, while online. */
  get me(): number | null {
    return this.current === 'online' ? this.userId : null;
  }

  connect(): void {
    if (this.ws || !this.isLive()) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.current === 'idle') this.setState('connecting');
    const url = this.serverUrl.replace(/^http/, 'ws') + '/chat/ws';
    const ws = new WebSocket(url, { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: this.commandTimeoutMs, perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => void this.authenticate(ws));
    ws.on('message', (raw, isBinary) => this.onFrame(ws, raw, isBinary));
    ws.on('pong', () => clearTimeout(this.probeTimer));
    ws.on('error', (e) => {
      // 'close' follows; say why once, without anything the server sent.
      this.log.info('Haraj socket error', { error: (e as NodeJS.ErrnoException).code ?? e.name });
    });
    ws.on('close', (code) => this.onClose(ws, code));
  }

  /** "Retry now": a fresh attempt at once instead of after the back-off. */
  reconnectNow(): void {
    if (!this.isLive() || this.current === 'online') return;
    this.log.info('reconnecting now, as asked');
    // A socket still trying is dropped (its handlers ignore it from now on), and so is the wait.
    const old = this.ws;
    this.ws = undefined;
    old?.terminate();
    this.failPending(new ParleyError('offline', 'The Haraj socket was replaced'));
    this.connect();
  }

  /** Probes the socket: no pong within probeTimeoutMs means it is dead, and it is replaced. */
  checkConnection(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.log.warn('the Haraj socket did not answer a probe; replacing it');
      ws.terminate();
    }, this.probeTimeoutMs);
    ws.ping();
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.stopTimers();
    this.failPending(new ParleyError('offline', 'The Haraj connection was closed'));
    this.ws?.terminate();
    this.ws = undefined;
  }

  /** Sends a command (`listen`, `unlisten`) and resolves with its answer. Throws 'offline' when not online. */
  command(name: 'listen' | 'unlisten', body: Record<string, unknown>): Promise<Response> {
    if (this.current !== 'online' || !this.ws) return Promise.reject(this.notOnlineError());
    return this.send(this.ws, name, body);
  }

  notOnlineError(): ParleyError {
    if (this.current === 'ended') return new ParleyError('session-expired', 'The Haraj session has ended: sign in again');
    return new ParleyError('offline', `Not connected to ${this.serverUrl}`);
  }

  private send(ws: WebSocket, name: string, body: Record<string, unknown>): Promise<Response> {
    const id = `${name} ${++this.nextId}`;
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ParleyError('timeout', `The Haraj server did not answer ${name}`));
      }, this.commandTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ [name]: { id, ...body } }), (e) => {
        if (!e) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new ParleyError('offline', 'The Haraj socket closed before the command left'));
      });
    });
  }

  private async authenticate(ws: WebSocket): Promise<void> {
    try {
      const used = this.api.accessToken;
      let answer = await this.send(ws, 'auth', { access_token: used });
      if (answer.status === 401) {
        // Expired (or revoked): one refresh, one more try. A refused refresh ends the session.
        await this.api.refresh(used);
        if (ws !== this.ws) return;
        answer = await this.send(ws, 'auth', { access_token: this.api.accessToken });
      }
      if (ws !== this.ws) return;
      if (answer.status !== 200) {
        this.log.warn('the Haraj server refused auth', { status: answer.status, err: answer.err });
        if (answer.status === 401) return this.sessionEnded();
        ws.terminate(); // another refusal (429: too many connections): back off and try again
        return;
      }
      const data = decode('auth answer', authDataSchema, answer.data, this.log);
      if (!data) {
        ws.terminate();
        return;
      }
      this.userId = data.user_id;
      this.attempts = 0;
      this.setState('online');
      this.onOnline(data.user_id);
    } catch (e) {
      if (ws !== this.ws) return;
      if (e instanceof ParleyError && e.code === 'session-expired') return this.sessionEnded();
      this.log.info('Haraj auth did not complete', { error: e instanceof ParleyError ? e.code : 'error' });
      ws.terminate();
    }
  }

  private onFrame(ws: WebSocket, raw: WebSocket.RawData, isBinary: boolean): void {
    if (ws !== this.ws) return;
    if (isBinary) return this.log.warn('dropped a binary frame');
    let frame: unknown;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return this.log.warn('dropped a frame that is not JSON');
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return this.log.warn('dropped a frame that is not an object');
    const f = frame as Record<string, unknown>;
    if ('message' in f) return this.packet('message', messagePacketSchema, f.message, (message) => ({ kind: 'message', message }));
    if ('reads' in f) return this.packet('reads', readsPacketSchema, f.reads, (reads) => ({ kind: 'reads', reads }));
    if ('pres' in f) return this.packet('pres', presPacketSchema, f.pres, (pres) => ({ kind: 'pres', pres }));
    const answer = decode('answer', responseSchema, f, this.log);
    if (!answer) return;
    const pending = answer.id !== undefined ? this.pending.get(String(answer.id)) : undefined;
    if (pending) {
      clearTimeout(pending.timer);
      this.pending.delete(String(answer.id));
      return pending.resolve(answer);
    }
    // The generic error (no id): one of our frames was refused; nothing waits on it by name.
    this.log.warn('the Haraj server answered outside any command', { status: answer.status, err: answer.err });
  }

  private packet<T>(what: string, schema: z.ZodType<T>, raw: unknown, wrap: (value: T) => Packet): void {
    const value = decode(what, schema, raw, this.log);
    if (value === undefined) return;
    try {
      this.onPacket(wrap(value));
    } catch (e) {
      this.log.error('packet handler failed', { what, error: e instanceof Error ? e.name : typeof e });
    }
  }

  private onClose(ws: WebSocket, code: number): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    clearTimeout(this.probeTimer);
    this.failPending(new ParleyError('offline', 'The Haraj socket closed'));
    if (!this.isLive()) return;
    this.setState('offline', code === 1009 ? 'The Haraj server closed the connection (a frame was too large)' : undefined);
    const delay = Math.min(this.delayMaxMs, this.delayMs * 2 ** this.attempts);
    this.attempts = Math.min(this.attempts + 1, 16);
    const jittered = Math.round(delay * (0.5 + Math.random()));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, jittered);
  }

  /** The server no longer accepts this session (here, or a refused refresh over HTTP): no retry. */
  sessionEnded(): void {
    if (!this.isLive()) return;
    this.current = 'ended';
    this.stopTimers();
    this.ws?.terminate();
    this.ws = undefined;
    this.report({ type: 'session-ended', reason: 'expired' });
  }

  private failPending(error: ParleyError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(error);
    }
  }

  private stopTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.probeTimer);
    this.retryTimer = undefined;
  }

  private setState(state: 'connecting' | 'online' | 'offline', detail?: string): void {
    if (this.current === state) return;
    this.current = state;
    this.report({ type: 'connection', state, ...(detail ? { detail } : {}) });
  }

  private isLive(): boolean {
    return this.current !== 'ended' && this.current !== 'closed';
  }
}
