// The Netalo adapter: one signed-in account's live socket.io connection to the `/data`
// namespace, its requests (acks) and its pushed events, all validated at this boundary.
//
// Connection life cycle (server/PROTOCOL.md, "socket.io: namespace /data"):
//   connect() → 'connecting'; transport up → wait for `login`; login 0 → 'online';
//   transport down → 'offline' and socket.io reconnects with back-off;
//   login 2 (expired) / 7 (conflict) → 'session-ended', and no reconnect ever again.

import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import type { Id, Page, User } from '../../../contract/domain';
import { ParleyError, type ErrorCode } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, ConversationData, MessageData, ProtocolAdapter } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { netaloCapabilities } from './capabilities';
import { hostOf, httpFailure, httpJson } from './http';
import { decodePayload } from './payload';
import { GROUP_PRIVATE, MESSAGE_TEXT, directPeer, mapGroup, mapMessage, mapUser, toMs } from './mapping';
import {
  ackSchema,
  deleteGroupSchema,
  describeIssues,
  groupAckSchema,
  groupSchema,
  idSchema,
  listGroupAckSchema,
  listMessageAckSchema,
  loginSchema,
  messageAckSchema,
  messageSchema,
  usersAnswerSchema,
  userStatusSchema,
  type NetaloGroup,
} from './schemas';
import { losslessParser } from './wire/socketio-parser';

export interface NetaloAdapterOptions {
  /** Default time to wait for an ack. */
  requestTimeoutMs?: number;
  /** How long a connected socket may wait for `login` before we drop it and retry. */
  loginTimeoutMs?: number;
}

const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 10_000;
const RANDOMISATION = 0.5;
const PAGE_MAX = 100; // server/PROTOCOL.md: psize ≤ 100
const USERS_PER_LOOKUP = 200; // server/PROTOCOL.md: ?uins= answers at most 200

type State = 'idle' | 'connecting' | 'online' | 'offline' | 'ended' | 'closed';

/** ack `result` → ParleyError code (server/PROTOCOL.md table). */
const RESULT_CODES: Record<number, ErrorCode> = {
  1: 'invalid-argument',
  2: 'session-expired',
  3: 'not-found',
  4: 'forbidden',
};

export class NetaloAdapter implements ProtocolAdapter {
  readonly capabilities = netaloCapabilities;

  private readonly log: Logger;
  private readonly host: string;
  private readonly requestTimeoutMs: number;
  private readonly loginTimeoutMs: number;
  private socket: Socket | undefined;
  private state: State = 'idle';
  private endedReason: 'expired' | 'conflict' | undefined;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  /** Display names for direct-conversation titles; filled by every users lookup. */
  private readonly users = new Map<Id, User>();
  /** Pushed events are handled one after another so that their order survives async lookups. */
  private inbound: Promise<void> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempts = 0;
  private loginTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: NetaloAdapterOptions = {},
  ) {
    this.log = log.child('netalo');
    this.host = hostOf(session.serverUrl);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000;
  }

  /** For diagnostics and tests: where the connection stands. */
  get connectionState(): State {
    return this.state;
  }

  /** For diagnostics and tests: whether a (re)connection is under way or scheduled. */
  get reconnecting(): boolean {
    return this.retryTimer !== undefined || (this.socket?.active ?? false);
  }

  // ---- connection ----

  connect(): void {
    if (this.socket || this.state === 'ended' || this.state === 'closed') return;
    this.setState('connecting');
    const token = this.session.token;
    let socket: Socket;
    try {
      socket = this.open(token);
    } catch (e) {
      // Only a broken stored server URL gets here; retrying would not fix it.
      this.log.error('cannot open a connection', { host: this.host, error: errorName(e) });
      this.setState('offline', `"${this.session.serverUrl}" is not a usable server address`);
      return;
    }
    this.socket = socket;
    this.listen(socket);
  }

  private open(token: string): Socket {
    return io(`${this.session.serverUrl}/data`, {
      transports: ['websocket'],
      query: { session: token },
      extraHeaders: { Session: token },
      parser: losslessParser,
      // One connection per account, whatever socket.io's multiplexing rules: a shared
      // Manager would carry the first account's session query for both.
      forceNew: true,
      reconnection: true,
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
      randomizationFactor: RANDOMISATION,
      timeout: 10_000,
    });
  }

  private listen(socket: Socket): void {
    socket.on('connect', () => {
      this.log.debug('transport connected, waiting for login', { host: this.host });
      this.clearLoginTimer();
      this.loginTimer = setTimeout(() => {
        this.loginTimer = undefined;
        if (this.state === 'online' || !this.isLive()) return;
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

    this.onPush(socket, 'message', messageSchema, (m) => this.emit({ type: 'message', message: mapMessage(m) }));
    const onGroup = async (g: NetaloGroup) => this.emit({ type: 'conversation', conversation: await this.toConversation(g) });
    this.onPush(socket, 'group', groupSchema, onGroup);
    this.onPush(socket, 'update_group', groupSchema, onGroup);
    this.onPush(socket, 'delete_group', deleteGroupSchema, (d) =>
      this.emit({ type: 'conversation-removed', conversationId: d.group_id }),
    );
    this.onPush(socket, 'user_status', userStatusSchema, (s) => {
      const lastSeenAt = s.last_seen_at ? toMs(s.last_seen_at) : undefined;
      this.emit({
        type: 'presence',
        presence: {
          userId: s.uin,
          online: s.online_status === 1,
          ...(lastSeenAt !== undefined ? { lastSeenAt } : {}),
          ...(s.message_status ? { statusText: s.message_status } : {}),
        },
      });
    });
    // Typing and call events (`event`) arrive before this adapter implements them; the
    // protocol notes say an unknown event type is ignored, never an error.
    socket.on('event', () => this.log.debug('ignored `event` push (not implemented yet)'));
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    this.listeners.clear();
    this.socket?.disconnect();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onLogin(payload: unknown): void {
    const parsed = loginSchema.safeParse(decodePayload(payload));
    if (!parsed.success) {
      this.log.warn('dropped malformed push', { event: 'login', issues: describeIssues(parsed.error) });
      return;
    }
    this.clearLoginTimer();
    const { result, uin } = parsed.data;
    if (result === 0) {
      if (uin && uin !== this.session.userId) {
        this.log.warn('login answered for another user id', { expected: this.session.userId, got: uin });
      }
      this.retryAttempts = 0;
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
    this.state = 'ended';
    this.endedReason = reason;
    this.clearTimers();
    this.socket?.disconnect();
    this.emit({ type: 'session-ended', reason });
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
    if (this.state === state) return;
    this.state = state;
    this.emit({ type: 'connection', state, ...(detail ? { detail } : {}) });
  }

  private isLive(): boolean {
    return this.state !== 'ended' && this.state !== 'closed';
  }

  private emit(event: AdapterEvent): void {
    if (this.state === 'closed') return;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.log.error('event listener threw', { event: event.type, error: errorName(e) });
      }
    }
  }

  /** Runs a socket listener body; nothing may throw out of a listener into socket.io. */
  private guard(event: string, body: () => void): void {
    try {
      body();
    } catch (e) {
      this.log.error('push handler failed', { event, error: errorName(e) });
    }
  }

  /**
   * A pushed event: decoded (object or pseudo-JSON string), validated, then handled in
   * arrival order. A payload that fails validation is logged (issue paths only, never
   * values: they may be message text) and dropped.
   */
  private onPush<T>(socket: Socket, event: string, schema: z.ZodType<T>, handle: (data: T) => void | Promise<void>): void {
    socket.on(event, (...args: unknown[]) =>
      this.guard(event, () => {
        if (!this.isLive()) return;
        const parsed = schema.safeParse(decodePayload(args[0]));
        if (!parsed.success) {
          this.log.warn('dropped malformed push', { event, issues: describeIssues(parsed.error) });
          return;
        }
        this.inbound = this.inbound
          .then(() => (this.isLive() ? handle(parsed.data) : undefined))
          .catch((e: unknown) => this.log.error('push handler failed', { event, error: errorName(e) }));
      }),
    );
  }

  // ---- requests ----

  /** One request with an ack. Never emits unless online: socket.io would buffer it instead. */
  private async request<T>(event: string, payload: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const socket = this.socket;
    if (!socket || this.state !== 'online') throw this.notOnlineError();
    let raw: unknown;
    try {
      raw = await socket.timeout(this.requestTimeoutMs).emitWithAck(event, payload);
    } catch (e) {
      if (!this.isLive()) throw this.notOnlineError();
      if (e instanceof Error && e.message === 'operation has timed out') {
        throw new ParleyError('timeout', `The server did not answer in ${Math.round(this.requestTimeoutMs / 1000)} s`);
      }
      // Disconnected while waiting: the request may or may not have been carried out.
      throw new ParleyError('timeout', 'The connection dropped before the server answered');
    }
    const answer = decodePayload(raw);
    const head = ackSchema.safeParse(answer);
    if (!head.success) throw this.malformed(event, head.error);
    const { result, reason } = head.data;
    if (result !== 0) {
      if (result === 2) this.endSession('expired');
      const code = RESULT_CODES[result] ?? 'server-error';
      throw new ParleyError(code, reason || `The server refused ${event} (result ${result})`);
    }
    const body = schema.safeParse(answer);
    if (!body.success) throw this.malformed(event, body.error);
    return body.data;
  }

  private malformed(event: string, error: z.ZodError): ParleyError {
    this.log.warn('malformed ack', { event, issues: describeIssues(error) });
    return new ParleyError('server-error', 'malformed answer from server');
  }

  private notOnlineError(): ParleyError {
    if (this.state === 'ended' && this.endedReason === 'conflict') {
      return new ParleyError('conflict', 'This session is in use elsewhere: sign in again');
    }
    if (this.state === 'ended') return new ParleyError('session-expired', 'The session has expired: sign in again');
    return new ParleyError('offline', `Not connected to ${this.host}`);
  }

  /** List items are validated one by one: one bad group must not hide the others. */
  private validItems<T>(event: string, items: unknown[], schema: z.ZodType<T>): T[] {
    const valid: T[] = [];
    for (const item of items) {
      const parsed = schema.safeParse(item);
      if (parsed.success) valid.push(parsed.data);
      else this.log.warn('dropped malformed list item', { event, issues: describeIssues(parsed.error) });
    }
    return valid;
  }

  // ---- operations ----

  async listConversations(req: { cursor?: string; limit: number }): Promise<Page<ConversationData>> {
    const pindex = req.cursor === undefined ? 0 : Number(req.cursor);
    if (!Number.isSafeInteger(pindex) || pindex < 0) throw new ParleyError('invalid-argument', 'bad cursor');
    const psize = pageSize(req.limit);
    const ack = await this.request(
      'list_group',
      { uin: this.session.userId, pindex, psize, sort_by: 1 },
      listGroupAckSchema,
    );
    const groups = this.validItems('list_group', ack.groups, groupSchema);
    await this.lookUpPeers(groups);
    const items = groups.map((g) => mapGroup(g, this.session.userId, (id) => this.users.get(id)?.displayName));
    return ack.groups.length >= psize ? { items, nextCursor: String(pindex + 1) } : { items };
  }

  async openDirectConversation(userId: Id): Promise<ConversationData> {
    const peer = checkId(userId, 'userId');
    const me = this.session.userId;
    if (peer === me) throw new ParleyError('invalid-argument', 'A direct conversation needs another user');
    const occupants_uins = [me, peer];
    try {
      const found = await this.request('check_group', { type: GROUP_PRIVATE, occupants_uins }, groupAckSchema);
      return await this.toConversation(found.group);
    } catch (e) {
      if (!(e instanceof ParleyError && e.code === 'not-found')) throw e;
    }
    // Creating an existing 1:1 group returns it, so a race with the peer is harmless.
    const created = await this.request(
      'create_group',
      { type: GROUP_PRIVATE, name: '', owner_uin: me, occupants_uins },
      groupAckSchema,
    );
    return this.toConversation(created.group);
  }

  async listMessages(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const psize = pageSize(req.limit);
    const payload: Record<string, unknown> = { group_id, psize };
    if (req.before !== undefined) payload['last_message_id'] = checkId(req.before, 'before');
    const ack = await this.request('list_message', payload, listMessageAckSchema);
    const items = this.validItems('list_message', ack.messages, messageSchema).map(mapMessage);
    const oldest = items.at(-1)?.id; // newest first
    return ack.messages.length >= psize && oldest ? { items, nextCursor: oldest } : { items };
  }

  async sendMessage(req: { conversationId: Id; text: string; nonce: string }): Promise<MessageData> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const ack = await this.request(
      'create_message',
      {
        group_id,
        type: MESSAGE_TEXT,
        message: req.text,
        nonce: req.nonce,
        version: 0,
        sender_name: this.session.displayName,
      },
      messageAckSchema,
    );
    const message = mapMessage(ack.message);
    // The core matches the ack to its outbox entry by nonce; keep ours if the server omits it.
    return message.nonce ? message : { ...message, nonce: req.nonce };
  }

  async getUsers(ids: Id[]): Promise<User[]> {
    const wanted = [...new Set(ids.map((id) => checkId(id, 'user id')))];
    const found: User[] = [];
    for (let i = 0; i < wanted.length; i += USERS_PER_LOOKUP) {
      const chunk = wanted.slice(i, i + USERS_PER_LOOKUP);
      found.push(...(await this.fetchUsers(`uins=${chunk.join(',')}`)));
    }
    return found;
  }

  async searchUsers(query: string): Promise<User[]> {
    const q = query.trim();
    if (!q) return [];
    return this.fetchUsers(`q=${encodeURIComponent(q)}`);
  }

  private async fetchUsers(queryString: string): Promise<User[]> {
    const answer = await httpJson(this.session.serverUrl, `/api/v1/users?${queryString}`, {
      method: 'GET',
      session: this.session.token,
    });
    if (answer.status !== 200) throw httpFailure(answer, 'User lookup');
    const parsed = usersAnswerSchema.safeParse(answer.body);
    if (!parsed.success) throw this.malformed('users', parsed.error);
    const users = parsed.data.users.map(mapUser);
    for (const u of users) this.users.set(u.id, u);
    return users;
  }

  /** Fills the name cache for the peers of direct conversations; a failed lookup is not fatal. */
  private async lookUpPeers(groups: NetaloGroup[]): Promise<void> {
    const missing = new Set<Id>();
    for (const g of groups) {
      const peer = directPeer(g, this.session.userId);
      if (peer && !this.users.has(peer)) missing.add(peer);
    }
    if (missing.size === 0) return;
    try {
      await this.getUsers([...missing]);
    } catch (e) {
      this.log.warn('peer name lookup failed; titles fall back', { error: errorName(e) });
    }
  }

  private async toConversation(g: NetaloGroup): Promise<ConversationData> {
    await this.lookUpPeers([g]);
    return mapGroup(g, this.session.userId, (id) => this.users.get(id)?.displayName);
  }

  private clearLoginTimer(): void {
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }

  private clearTimers(): void {
    this.clearLoginTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/** IDs go out as decimal strings; anything else is the caller's bug, caught before the wire. */
function checkId(id: Id, what: string): Id {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success || typeof id !== 'string') throw new ParleyError('invalid-argument', `${what} is not a Netalo ID`);
  return parsed.data;
}

function pageSize(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1) throw new ParleyError('invalid-argument', 'limit must be at least 1');
  return Math.min(PAGE_MAX, Math.floor(limit));
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

function errorName(e: unknown): string {
  if (e instanceof ParleyError) return `${e.name}(${e.code})`;
  return e instanceof Error ? e.name : typeof e;
}
