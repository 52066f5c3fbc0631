// One AZStack account's connection (notes, Transport and Authentication): the two-step
// sign-in (29 on a master socket, closed; then 179 on a new socket, answered by 162), the
// keep-alive, request/answer matching, and reconnection. Sockets are socket.io-client 2.x
// (Engine.IO v3) over websocket only, without socket.io's own reconnection, as the SDK does:
// each reconnect is a fresh session that redoes both steps.
//
// Matching: AZStack has no request ids. A reply reuses the request's service number and is
// told apart by an echoed field (msgId, purpose, requestId, type+chatId); each request says
// how (`match`). A packet no request claims goes to the service's push handler; a service
// with neither is dropped and logged (by number only).

// Typed by server/test/socket-io-client-v2.d.ts (2.x ships no types); SocketV2 below is what this file uses of it.
import ioV2 from 'socket.io-client-v2';
import { z } from 'zod';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { makeToken, SDK_VERSION } from './token';
import { decodeBody, decodePacket, encodePacket, masterSchema, PACKET_EVENT, S, signedInSchema, type SignedInBody } from './wire';

export interface AzCredentials {
  appId: string;
  publicKey: string;
  /** azStackUserId */
  username: string;
  /** userCredentials (may be '') */
  password: string;
}

export interface AzIceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Who we are, from 162. */
export interface AzMe {
  userId: number;
  username: string;
  fullname: string;
  iceServers: AzIceServer[];
}

export type ConnectionEvent = Extract<AdapterEvent, { type: 'connection' | 'session-ended' }>;

export interface AzConnectionOptions {
  /** Each sign-in step (master answer, 162) waits this long. */
  stepTimeoutMs?: number;
  /** A request without an answer fails 'timeout' after this long (the SDK waits 60 s). */
  requestTimeoutMs?: number;
  keepAliveMs?: number;
  /** How long checkConnection's probe waits before the socket counts as dead. */
  probeTimeoutMs?: number;
  retryDelayMs?: number;
  retryDelayMaxMs?: number;
}

const SCREEN_SIZE = '1280x720';
const probeSchema = z.object({ purpose: z.string().max(128) }).passthrough();

/** The part of a socket.io-client 2.x socket used here. */
export interface SocketV2 {
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  close(): unknown;
  removeAllListeners(): unknown;
}

type Pending = {
  service: number;
  schema: z.ZodType<unknown>;
  match: (data: unknown) => boolean;
  resolve(data: unknown): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
};

/**
 * The two sign-in steps. Resolves with the slave socket, signed in, and who we are; the caller
 * owns the socket. Rejects with ParleyError: 'unreachable', 'timeout', 'invalid-credentials'
 * (162 with a non-JSON body, the server's refusal), 'server-error' (anything else unexpected),
 * 'invalid-argument' (a key that is not an RSA public key).
 */
export async function signInSteps(serverUrl: string, credentials: AzCredentials, log: Logger, timeoutMs = 10_000): Promise<{ socket: SocketV2; me: AzMe }> {
  const token = makeToken(credentials.publicKey, credentials.username, credentials.password);
  const slave = await masterStep(serverUrl, credentials.username, log, timeoutMs);
  return slaveStep(serverUrl, credentials, token, slave, log, timeoutMs);
}

function openSocket(serverUrl: string, timeoutMs: number): SocketV2 {
  return ioV2(serverUrl, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs }) as unknown as SocketV2;
}

function masterStep(serverUrl: string, azStackUserId: string, log: Logger, timeoutMs: number): Promise<{ ip: unknown; port: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = openSocket(serverUrl, timeoutMs);
    const done = (settle: () => void) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.close();
      settle();
    };
    const timer = setTimeout(() => done(() => reject(new ParleyError('timeout', `The AZStack server at ${serverUrl} did not answer the sign-in`))), timeoutMs);
    socket.on('connect', () => socket.emit(PACKET_EVENT, encodePacket(S.master, { azStackUserId })));
    socket.on('connect_error', (e) => done(() => reject(unreachable(serverUrl, e))));
    socket.on('connect_timeout', () => done(() => reject(unreachable(serverUrl, new Error('timed out')))));
    socket.on('disconnect', () => done(() => reject(new ParleyError('server-error', 'The AZStack server closed the connection during sign-in'))));
    socket.on(PACKET_EVENT, (raw) => {
      const packet = decodePacket(raw, log);
      // The SDK's rule: the first packet must be 29 (otherwise ERR_SOCKET_UNKNOWN_SERVICE).
      if (!packet || packet.service !== S.master) {
        return done(() => reject(new ParleyError('server-error', 'The AZStack server answered the sign-in with something unexpected')));
      }
      const body = decodeBody(S.master, masterSchema, packet.body, log);
      if (!body) return done(() => reject(new ParleyError('server-error', 'The AZStack server answered the sign-in with something unreadable')));
      done(() => resolve({ ip: body.ip ?? '', port: body.port ?? '' }));
    });
  });
}

function slaveStep(
  serverUrl: string,
  credentials: AzCredentials,
  token: string,
  slave: { ip: unknown; port: unknown },
  log: Logger,
  timeoutMs: number,
): Promise<{ socket: SocketV2; me: AzMe }> {
  return new Promise((resolve, reject) => {
    const socket = openSocket(serverUrl, timeoutMs);
    const fail = (error: ParleyError) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.close();
      reject(error);
    };
    const timer = setTimeout(() => fail(new ParleyError('timeout', `The AZStack server at ${serverUrl} did not finish the sign-in`)), timeoutMs);
    socket.on('connect', () =>
      socket.emit(
        PACKET_EVENT,
        encodePacket(S.signIn, {
          slaveIp: slave.ip,
          slavePort: slave.port,
          token,
          fullname: credentials.username,
          namespace: '',
          appId: credentials.appId,
          sdkVersion: SDK_VERSION,
          screenSize: SCREEN_SIZE,
        }),
      ),
    );
    socket.on('connect_error', (e) => fail(unreachable(serverUrl, e)));
    socket.on('connect_timeout', () => fail(unreachable(serverUrl, new Error('timed out'))));
    socket.on('disconnect', () => fail(new ParleyError('server-error', 'The AZStack server closed the connection during sign-in')));
    socket.on(PACKET_EVENT, (raw) => {
      const packet = decodePacket(raw, log, true);
      if (!packet) return; // nothing should come before 162; a malformed packet changes nothing
      if (packet.service !== S.signedIn) {
        log.warn('dropped a packet that came before the sign-in answer', { service: packet.service });
        return;
      }
      // The server's way to refuse (notes, Authentication 5): 162 with a body that is not JSON.
      if (packet.unreadable) return fail(new ParleyError('invalid-credentials', 'AZStack refused the sign-in: check the app ID, public key, user ID and credentials'));
      const body = decodeBody(S.signedIn, signedInSchema, packet.body, log);
      if (!body) return fail(new ParleyError('server-error', 'The AZStack server answered the sign-in with something unreadable'));
      clearTimeout(timer);
      socket.removeAllListeners();
      resolve({ socket, me: toMe(body) });
    });
  });
}

function toMe(body: SignedInBody): AzMe {
  return {
    userId: body.userId,
    username: body.username,
    fullname: body.fullname || body.username,
    iceServers: body.ice_server.flatMap((s): AzIceServer[] => {
      const credential = s.password ?? s.credential;
      // A TURN server without credentials makes RTCPeerConnection throw: such an entry is left out.
      const usable = (u: string) => /^stuns?:/i.test(u) || (/^turns?:/i.test(u) && !!s.username && !!credential);
      const urls = [...(s.url ? [s.url] : []), ...(typeof s.urls === 'string' ? [s.urls] : (s.urls ?? []))].filter(usable);
      if (urls.length === 0) return [];
      return [{ urls, ...(s.username ? { username: s.username } : {}), ...(credential ? { credential } : {}) }];
    }),
  };
}

function unreachable(serverUrl: string, e: unknown): ParleyError {
  const detail = e instanceof Error ? e.message : typeof e === 'string' ? e : 'no answer';
  return new ParleyError('unreachable', `Cannot reach the AZStack server at ${serverUrl} (${detail})`);
}

export type AzConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';

export class AzConnection {
  private socket: SocketV2 | null = null;
  private current: AzConnectionState = 'idle';
  private signedIn: AzMe | null = null;
  private readonly handlers = new Map<number, (body: unknown) => void>();
  private readonly pending: Pending[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private attempt = 0;
  /** Bumped by every attempt, so an older attempt's late result is ignored. */
  private generation = 0;
  private readonly o: Required<AzConnectionOptions>;

  constructor(
    private readonly serverUrl: string,
    private readonly credentials: AzCredentials,
    private readonly log: Logger,
    private readonly report: (event: ConnectionEvent) => void,
    private readonly onOnline: (me: AzMe) => void,
    private readonly onLost: () => void,
    options: AzConnectionOptions = {},
  ) {
    this.o = {
      stepTimeoutMs: options.stepTimeoutMs ?? 10_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
      keepAliveMs: options.keepAliveMs ?? 60_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      retryDelayMs: options.retryDelayMs ?? 500,
      retryDelayMaxMs: options.retryDelayMaxMs ?? 10_000,
    };
  }

  get state(): AzConnectionState {
    return this.current;
  }

  get me(): AzMe | null {
    return this.current === 'online' ? this.signedIn : null;
  }

  /** The push handler of a service (one per service). Register before connect(). */
  onPacket(service: number, handle: (body: unknown) => void): void {
    this.handlers.set(service, handle);
  }

  connect(): void {
    if (this.current !== 'idle' && this.current !== 'offline') return;
    void this.attemptNow();
  }

  reconnectNow(): void {
    if (this.current !== 'offline') return;
    this.log.info('reconnecting now, as asked');
    clearTimeout(this.retryTimer);
    void this.attemptNow();
  }

  close(): void {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.generation++;
    this.drop();
  }

  /** Sends a packet that expects no answer; throws 'offline' when nothing can leave. */
  send(service: number, body: unknown): void {
    const socket = this.socket;
    if (!socket || this.current !== 'online') throw this.notOnlineError();
    socket.emit(PACKET_EVENT, encodePacket(service, body));
  }

  /**
   * Sends a packet and waits for the answer of the same service that `match` claims.
   * 'offline' when nothing left; 'timeout' when nothing came back (or the connection dropped).
   */
  request<T>(service: number, body: unknown, schema: z.ZodType<T>, match: (data: T) => boolean, timeoutMs = this.o.requestTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        service,
        schema: schema as z.ZodType<unknown>,
        match: match as (data: unknown) => boolean,
        resolve: resolve as (data: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.removePending(entry);
          reject(new ParleyError('timeout', `AZStack did not answer (service ${service}) within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs),
      };
      this.pending.push(entry);
      try {
        this.send(service, body);
      } catch (e) {
        clearTimeout(entry.timer);
        this.removePending(entry);
        reject(e as ParleyError);
      }
    });
  }

  /**
   * One request with a short deadline (user info about me, which every server answers): no
   * answer means the socket is dead though it looks connected, and a new session replaces it.
   */
  probe(timeoutMs = this.o.probeTimeoutMs): void {
    const me = this.me;
    const socket = this.socket;
    if (!me || !socket) return;
    const purpose = `probe-${Date.now()}`;
    this.request(S.userInfo, { purpose, userIdList: [me.userId] }, probeSchema, (a) => a.purpose === purpose, timeoutMs).catch((e: unknown) => {
      if (socket !== this.socket || !(e instanceof ParleyError) || e.code !== 'timeout') return;
      this.log.info('the connection did not answer a probe: reconnecting');
      this.drop();
      this.setState('offline', 'The connection to AZStack stopped answering');
      this.scheduleRetry();
    });
  }

  notOnlineError(): ParleyError {
    if (this.current === 'ended') return new ParleyError('session-expired', 'AZStack no longer accepts this sign-in: sign in again');
    return new ParleyError('offline', `Not connected to ${this.serverUrl}`);
  }

  // ---- internals ----

  private async attemptNow(): Promise<void> {
    const generation = ++this.generation;
    this.setState('connecting');
    let result: { socket: SocketV2; me: AzMe };
    try {
      result = await signInSteps(this.serverUrl, this.credentials, this.log, this.o.stepTimeoutMs);
    } catch (e) {
      if (generation !== this.generation || !this.isLive()) return;
      const error = e instanceof ParleyError ? e : new ParleyError('server-error', 'The AZStack sign-in failed');
      if (error.code === 'invalid-credentials' || error.code === 'invalid-argument') {
        // The stored sign-in no longer works (credentials changed, user gone): no retry.
        this.log.info('the server refused the stored sign-in', { code: error.code });
        this.current = 'ended';
        this.report({ type: 'session-ended', reason: 'expired' });
        return;
      }
      this.log.info('sign-in attempt failed', { code: error.code });
      this.setState('offline', error.message);
      this.scheduleRetry();
      return;
    }
    if (generation !== this.generation || !this.isLive()) {
      result.socket.close();
      return;
    }
    this.attempt = 0;
    this.socket = result.socket;
    this.signedIn = result.me;
    const socket = result.socket;
    socket.on(PACKET_EVENT, (raw) => socket === this.socket && this.received(raw));
    socket.on('disconnect', () => {
      if (socket !== this.socket || !this.isLive()) return;
      this.log.info('connection lost');
      this.drop();
      this.setState('offline', 'The connection to AZStack dropped');
      this.scheduleRetry();
    });
    this.keepAliveTimer = setInterval(() => {
      if (socket === this.socket && socket.connected) socket.emit(PACKET_EVENT, encodePacket(S.keepAlive, {}));
    }, this.o.keepAliveMs);
    this.setState('online');
    this.onOnline(result.me);
  }

  private received(raw: unknown): void {
    const packet = decodePacket(raw, this.log);
    if (!packet) return;
    for (const entry of this.pending) {
      if (entry.service !== packet.service) continue;
      const parsed = entry.schema.safeParse(packet.body);
      if (!parsed.success || !safeMatch(entry.match, parsed.data)) continue;
      clearTimeout(entry.timer);
      this.removePending(entry);
      entry.resolve(parsed.data);
      return;
    }
    const handle = this.handlers.get(packet.service);
    if (!handle) {
      this.log.warn('dropped a packet of an unknown service', { service: packet.service });
      return;
    }
    try {
      handle(packet.body);
    } catch (e) {
      this.log.error('packet handler failed', { service: packet.service, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = Math.min(this.o.retryDelayMaxMs, this.o.retryDelayMs * 2 ** Math.min(this.attempt, 10));
    this.attempt++;
    this.retryTimer = setTimeout(() => this.current === 'offline' && void this.attemptNow(), delay * (0.75 + Math.random() * 0.5));
  }

  /** Ends the current socket and everything waiting on it. */
  private drop(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.keepAliveTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.close();
    }
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(new ParleyError('timeout', 'The connection dropped before AZStack answered'));
    }
    if (this.signedIn) this.onLost();
  }

  private removePending(entry: Pending): void {
    const at = this.pending.indexOf(entry);
    if (at >= 0) this.pending.splice(at, 1);
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

function safeMatch(match: (data: unknown) => boolean, data: unknown): boolean {
  try {
    return match(data);
  } catch {
    return false;
  }
}
