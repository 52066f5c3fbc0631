// The Haraj adapter: the WebSocket receives (message, reads, presence and typing packets),
// the companion HTTP API does the rest (topics, sending, history, reads, typing). A send is
// confirmed by its HTTP answer (`sendConfirmation` 'http'); an unknown outcome is settled
// against history (`findSentMessage`) before the core sends again. Messages that came while
// Parley was closed (the real system pushes them by FCM instead) are recovered by the core's
// resync through `listMessages` at every connect: nothing sent to the user is missing.

import type { Id, Page, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, ConversationData, MessageData, ProtocolAdapter, SendRequest } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { harajCapabilities } from './capabilities';
import { HarajConnection, type HarajConnectionOptions, type Packet } from './connection';
import { HarajApi, type Tokens } from './http';
import { PresenceWatch } from './presence';
import { secretOf, tokensOf } from './secret';
import {
  decode,
  displayName,
  historySchema,
  messagePacketSchema,
  parseTime,
  toConversation,
  toMessage,
  topicSchema,
  topicsSchema,
  userSchema,
  usersSchema,
  type MessagePacket,
} from './wire';

export interface HarajAdapterOptions extends HarajConnectionOptions {
  now?: () => number;
}

/** While the user types, `typing: true` is repeated this often (the reference server lapses it after 6 s). */
export const TYPING_RENEW_MS = 3000;
/** A peer's typing shown without a stop_typing lapses after this (a lost packet must not leave it on). */
export const TYPING_SHOWN_MS = 7000;
/** Clock skew between Parley and the server, when matching a send against history. */
const HISTORY_SKEW_MS = 60_000;
const HISTORY_PAGE = 50;
const NONCE = /^[\w.:-]{1,128}$/;

export class HarajAdapter implements ProtocolAdapter {
  readonly capabilities = harajCapabilities;
  readonly sendConfirmation = 'http' as const;

  private readonly log: Logger;
  private readonly api: HarajApi;
  private readonly connection: HarajConnection;
  private readonly presence: PresenceWatch;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  private readonly now: () => number;
  private readonly me: number;
  private closed = false;
  /** Names of users we have seen, for getUsers. */
  private readonly users = new Map<number, string>();
  /** Topics the core has heard of from us: a packet of another one announces it first. */
  private readonly knownTopics = new Set<string>();
  /** Sends waiting for their HTTP answer: our own packet pushed meanwhile is that answer's copy. */
  private readonly inFlight: Array<{ topic: string; text: string }> = [];
  private readonly typingTimers = new Map<string, ReturnType<typeof setInterval>>();
  private typingRefused = false;
  /** Peers shown typing now (`topic|user`), so that their message or a lost connection clears it. */
  private readonly typingShown = new Set<string>();
  /** Packets are handled one after another, so a conversation is announced before its message. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: HarajAdapterOptions = {},
  ) {
    this.log = log.child('haraj');
    this.now = options.now ?? Date.now;
    this.me = Number(session.userId);
    this.api = new HarajApi(
      session.serverUrl,
      tokensOf(session),
      this.log,
      (tokens: Tokens) => this.emit({ type: 'session-renewed', secret: secretOf(tokens) }),
      () => this.connection.sessionEnded(),
    );
    this.connection = new HarajConnection(
      session.serverUrl,
      this.api,
      this.log,
      (e) => {
        if (e.type !== 'connection' || e.state !== 'online') this.connectionLost();
        this.emit(e);
      },
      (userId) => this.signedIn(userId),
      (packet) => this.onPacket(packet),
      options,
    );
    this.presence = new PresenceWatch(this.connection, this.log, (presence) => this.emit({ type: 'presence', presence }));
  }

  connect(): void {
    if (!this.closed) this.connection.connect();
  }

  reconnectNow(): void {
    if (!this.closed) this.connection.reconnectNow();
  }

  checkConnection(): void {
    if (!this.closed) this.connection.checkConnection();
  }

  close(): void {
    this.closed = true;
    this.connectionLost();
    this.listeners.clear();
    this.connection.close();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- what every protocol offers ---------------------------------------------------------

  async listConversations(): Promise<Page<ConversationData>> {
    const data = this.check('topics', topicsSchema, await this.api.call('GET', '/chat/topics', 'conversation list'));
    const now = this.now();
    return { items: data.topics.map((t) => this.conversationOf(t, now)) };
  }

  async openDirectConversation(userId: Id): Promise<ConversationData> {
    const peer = toHarajId(userId);
    if (peer === this.me) throw new ParleyError('invalid-argument', 'That is you');
    const topic = this.check('topic', topicSchema, await this.api.call('POST', '/chat/topics', 'conversation', { type: 'p2p', peer_id: peer }));
    return this.conversationOf(topic, this.now());
  }

  async sendMessage(req: SendRequest): Promise<MessageData> {
    const topic = encodeURIComponent(req.conversationId);
    this.stopTyping(req.conversationId, false);
    const entry = { topic: req.conversationId, text: req.text };
    this.inFlight.push(entry);
    try {
      const body = { content: { type: 'text/plain', payload: { text: req.text } }, ...(NONCE.test(req.nonce) ? { nonce: req.nonce } : {}) };
      const packet = this.check('sent message', messagePacketSchema, await this.api.call('POST', `/chat/topics/${topic}/messages`, 'message', body));
      const message = toMessage(packet, this.me, this.now());
      if (!message) throw new ParleyError('server-error', 'The Haraj server answered the message with something unreadable');
      return message;
    } catch (e) {
      if (e instanceof ParleyError && e.code === 'unreachable' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(e.message)) {
        // No connection was ever made, so nothing reached the server: safe to queue again.
        throw new ParleyError('offline', e.message);
      }
      throw e;
    } finally {
      const at = this.inFlight.indexOf(entry);
      if (at >= 0) this.inFlight.splice(at, 1);
    }
  }

  async getUsers(ids: Id[]): Promise<User[]> {
    const users = await Promise.all(
      ids.slice(0, 100).map(async (id): Promise<User> => {
        const n = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : NaN;
        let name = this.users.get(n);
        if (name === undefined && Number.isSafeInteger(n)) {
          try {
            const user = this.check('user', userSchema, await this.api.call('GET', `/chat/users/${n}`, 'user'));
            name = displayName(user);
            this.users.set(n, name);
          } catch (e) {
            this.log.info('could not look a user up', { error: e instanceof ParleyError ? e.code : 'error' });
          }
        }
        return { id, username: name ?? `#${id}`, displayName: name ?? `#${id}` };
      }),
    );
    return users;
  }

  async searchUsers(query: string): Promise<User[]> {
    const q = query.trim().slice(0, 64);
    if (!q) return [];
    const data = this.check('users', usersSchema, await this.api.call('GET', `/chat/users?q=${encodeURIComponent(q)}`, 'user search'));
    return data.users
      .filter((u) => u.user_id !== this.me)
      .map((u) => {
        this.users.set(u.user_id, displayName(u));
        return { id: String(u.user_id), username: u.username || displayName(u), displayName: displayName(u) };
      });
  }

  async listMessages(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>> {
    const packets = await this.history(req.conversationId, req.before, req.limit);
    const now = this.now();
    const items = packets.map((p) => toMessage(p, this.me, now)).filter((m): m is MessageData => m !== undefined);
    const oldest = packets.at(-1);
    return { items, ...(packets.length >= req.limit && oldest ? { nextCursor: String(oldest.seq_id) } : {}) };
  }

  /** A send with an unknown outcome: is a message of ours with this text in the history since then? */
  async findSentMessage(req: { conversationId: Id; text: string; notBefore: number; exclude: Id[] }): Promise<MessageData | null> {
    const packets = await this.history(req.conversationId, undefined, HISTORY_PAGE);
    const excluded = new Set(req.exclude);
    const now = this.now();
    const candidates = packets
      .map((p) => toMessage(p, this.me, now))
      .filter(
        (m): m is MessageData =>
          m !== undefined && m.senderId === String(this.me) && m.text === req.text && !excluded.has(m.id!) && m.sentAt >= req.notBefore - HISTORY_SKEW_MS,
      );
    // Oldest first: the one the lost attempt stored.
    return candidates.at(-1) ?? null;
  }

  async markRead(req: { conversationId: Id; upToMessageId: Id }): Promise<void> {
    const upTo = toHarajId(req.upToMessageId);
    await this.api.call('POST', `/chat/topics/${encodeURIComponent(req.conversationId)}/reads`, 'read mark', { up_to_seq: upTo });
  }

  setTyping(req: { conversationId: Id; typing: boolean }): void {
    if (!req.typing) return this.stopTyping(req.conversationId, true);
    if (this.typingRefused || this.typingTimers.has(req.conversationId)) return;
    const beat = () => this.postTyping(req.conversationId, true);
    beat();
    this.typingTimers.set(req.conversationId, setInterval(beat, TYPING_RENEW_MS));
  }

  watchPresence(userIds: Id[]): void {
    this.presence.watch(userIds);
  }

  // --- packets ------------------------------------------------------------------------------

  private onPacket(packet: Packet): void {
    this.chain = this.chain.then(() => this.handle(packet)).catch((e: unknown) => {
      this.log.error('packet handling failed', { kind: packet.kind, error: e instanceof Error ? e.name : typeof e });
    });
  }

  private async handle(packet: Packet): Promise<void> {
    switch (packet.kind) {
      case 'message':
        return this.onMessage(packet.message);
      case 'reads': {
        const { from_id, topic_id, seq_ids } = packet.reads;
        if (from_id === this.me) return this.refreshTopic(topic_id); // read on another device: fresh counts
        this.emit({ type: 'receipt', receipt: { conversationId: topic_id, userId: String(from_id), kind: 'read', messageIds: seq_ids.map(String) } });
        return;
      }
      case 'pres': {
        const p = packet.pres;
        if (p.what === 'online' || p.what === 'offline') {
          const online = p.what === 'online';
          this.emit({ type: 'presence', presence: { userId: String(p.from_id), online, ...(online ? {} : { lastSeenAt: parseTime(p.ts, this.now()) }) } });
          return;
        }
        if (p.from_id === this.me) return;
        const typing = p.what === 'typing';
        const key = `${p.topic_id}|${p.from_id}`;
        if (typing) this.typingShown.add(key);
        else if (!this.typingShown.delete(key)) return;
        this.emit({
          type: 'typing',
          typing: { conversationId: p.topic_id, userId: String(p.from_id), typing, ...(typing ? { expiresAt: this.now() + TYPING_SHOWN_MS } : {}) },
        });
        return;
      }
    }
  }

  private async onMessage(packet: MessagePacket): Promise<void> {
    const own = packet.from_id === this.me;
    const text = packet.content.type === 'text/plain' ? packet.content.payload?.text : undefined;
    if (own) {
      const at = this.inFlight.findIndex((f) => f.topic === packet.topic_id && f.text === text);
      if (at >= 0) {
        this.inFlight.splice(at, 1);
        return; // a copy of the send's own answer: the core reports that one, with its nonce
      }
    }
    const message = toMessage(packet, this.me, this.now());
    if (!message) return void this.log.warn('dropped a message packet whose text is unusable', { topic: packet.topic_id });
    if (!this.knownTopics.has(packet.topic_id)) await this.announceTopic(packet);
    if (!own) this.clearTyping(packet.topic_id, packet.from_id);
    this.emit({ type: 'message', message });
  }

  /** A message in a topic the core has not heard of: the topic first, from the server (or the packet itself). */
  private async announceTopic(packet: MessagePacket): Promise<void> {
    let conversation: ConversationData | undefined;
    try {
      const topic = this.check('topic', topicSchema, await this.api.call('GET', `/chat/topics/${encodeURIComponent(packet.topic_id)}`, 'conversation'));
      conversation = this.conversationOf(topic, this.now());
    } catch (e) {
      this.log.info('could not look a new topic up', { error: e instanceof ParleyError ? e.code : 'error' });
    }
    if (!conversation) {
      const peer = packet.from_id;
      const title = packet.name || this.users.get(peer) || `#${peer}`;
      this.knownTopics.add(packet.topic_id);
      conversation = {
        id: packet.topic_id,
        kind: 'direct',
        title,
        memberIds: [String(this.me), String(peer)],
        peerId: String(peer),
        createdAt: parseTime(packet.ts, this.now()),
        lastActivityAt: parseTime(packet.ts, this.now()),
        unreadCount: 0,
        muted: false,
        pinned: false,
      };
    }
    this.emit({ type: 'conversation', conversation });
  }

  private async refreshTopic(topicId: string): Promise<void> {
    try {
      const topic = this.check('topic', topicSchema, await this.api.call('GET', `/chat/topics/${encodeURIComponent(topicId)}`, 'conversation'));
      this.emit({ type: 'conversation', conversation: this.conversationOf(topic, this.now()) });
    } catch (e) {
      this.log.info('could not refresh a topic', { error: e instanceof ParleyError ? e.code : 'error' });
    }
  }

  // --- plumbing -----------------------------------------------------------------------------

  private signedIn(userId: number): void {
    if (userId !== this.me) this.log.warn('signed in as another user id than stored', { stored: this.session.userId, got: userId });
    this.presence.online();
  }

  /** A lost connection ends what depended on it: typing we send, typing we show. */
  private connectionLost(): void {
    for (const topic of [...this.typingTimers.keys()]) this.stopTyping(topic, false);
    for (const key of [...this.typingShown]) {
      const at = key.lastIndexOf('|');
      this.clearTyping(key.slice(0, at), Number(key.slice(at + 1)));
    }
  }

  private clearTyping(topicId: string, userId: number): void {
    if (!this.typingShown.delete(`${topicId}|${userId}`)) return;
    this.emit({ type: 'typing', typing: { conversationId: topicId, userId: String(userId), typing: false } });
  }

  private postTyping(topicId: string, typing: boolean): void {
    if (this.typingRefused) return;
    this.api.call('POST', `/chat/topics/${encodeURIComponent(topicId)}/typing`, 'typing', { typing }).catch((e: unknown) => {
      if (e instanceof ParleyError && (e.code === 'not-found' || e.code === 'invalid-argument')) {
        // A Haraj server without Parley's typing extension: stop asking.
        this.log.info('the Haraj server does not take typing; not sending it any more');
        this.typingRefused = true;
        for (const topic of [...this.typingTimers.keys()]) this.stopTyping(topic, false);
        return;
      }
      this.log.debug('typing not sent', { error: e instanceof ParleyError ? e.code : 'error' });
    });
  }

  private stopTyping(topicId: string, tell: boolean): void {
    const timer = this.typingTimers.get(topicId);
    if (!timer) return;
    clearInterval(timer);
    this.typingTimers.delete(topicId);
    if (tell) this.postTyping(topicId, false);
  }

  private async history(topicId: Id, before: Id | undefined, limit: number): Promise<MessagePacket[]> {
    const query = new URLSearchParams({ limit: String(Math.min(Math.max(limit, 1), 200)) });
    if (before !== undefined) query.set('before_seq', String(toHarajId(before)));
    const data = this.check('history', historySchema, await this.api.call('GET', `/chat/topics/${encodeURIComponent(topicId)}/messages?${query}`, 'history'));
    return data.messages;
  }

  private conversationOf(topic: Parameters<typeof toConversation>[0], now: number): ConversationData {
    this.users.set(topic.peer.user_id, displayName(topic.peer));
    this.knownTopics.add(topic.topic_id);
    return toConversation(topic, this.me, now, this.log);
  }

  /** An HTTP answer checked against its schema; one that does not fit is the server's error. */
  private check<T>(what: string, schema: Parameters<typeof decode<T>>[1], raw: unknown): T {
    const value = decode(what, schema, raw, this.log);
    if (value === undefined) throw new ParleyError('server-error', `The Haraj server answered the ${what} request with something unreadable`);
    return value;
  }

  private emit(event: AdapterEvent): void {
    if (this.closed) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.log.error('event listener failed', { type: event.type, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
}

function toHarajId(id: Id): number {
  const n = Number(id);
  if (!/^[1-9]\d{0,15}$/.test(id) || !Number.isSafeInteger(n)) throw new ParleyError('invalid-argument', `"${id}" is not a Haraj id`);
  return n;
}
