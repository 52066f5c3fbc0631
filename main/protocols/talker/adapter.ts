// The talker adapter: Parley's operations as talker events and HTTP routes, talker's pushes
// as Parley events. talker has no acks and no nonces: a send is confirmed by its echo (the
// stored row, sent back to every connection of the sender), a failure is a bare `error`
// 400 that names no request. So requests that can fail go one at a time, and an `error`
// that arrives while a send waits is that send's.

import type { Id, Page, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, ConversationData, MessageData, ProtocolAdapter, SendRequest } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { httpFailure, httpJson } from '../netalo/http';
import { talkerCapabilities } from './capabilities';
import { TalkerConnection, type SignedIn, type TalkerConnectionOptions, type TalkerCredentials } from './connection';
import {
  contactSchema,
  messageIdEventSchema,
  parseTalkerDate,
  rowSchema,
  toConversation,
  toMessage,
  typingEventSchema,
  userSchema,
  type TalkerRow,
} from './wire';
import { z } from 'zod';

export interface TalkerAdapterOptions extends TalkerConnectionOptions {
  /** How long a send waits for its echo before its outcome counts as unknown. */
  sendTimeoutMs?: number;
  now?: () => number;
}

/** `type` is repeated this often while the user types; the server lapses typing 1.5 s after the last. */
export const TYPING_HEARTBEAT_MS = 1000;
/** Clock skew and talker's 1 s time resolution, when matching a send against history. */
const HISTORY_SKEW_MS = 60_000;
const HISTORY_PAGE = 50;
const REMEMBERED_MESSAGES = 5000;

interface PendingSend {
  to: number;
  content: string;
  resolve(row: TalkerRow): void;
  reject(error: ParleyError): void;
}

export function credentialsOf(session: AdapterSession): TalkerCredentials {
  const parsed = z.object({ login: z.string().min(1), hash: z.string().min(1) }).safeParse(safeJson(session.secret.value));
  if (!parsed.success) throw new ParleyError('session-expired', 'The saved talker sign-in is unreadable: sign in again');
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class TalkerAdapter implements ProtocolAdapter {
  readonly capabilities = talkerCapabilities;
  readonly sendConfirmation = 'echo' as const;

  private readonly log: Logger;
  private readonly connection: TalkerConnection;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  private readonly sendTimeoutMs: number;
  private readonly now: () => number;
  private closed = false;
  /** One fallible request at a time: the send waiting for its echo (or its `error`). */
  private pending: PendingSend | null = null;
  private lane: Promise<unknown> = Promise.resolve();
  /** Names of users we have seen (contacts, searches), for titles. */
  private readonly users = new Map<number, string>();
  /** Which conversation a message id belongs to, and whether it came to us: receipts and reads carry only the id. */
  private readonly messages = new Map<number, { peer: number; incoming: boolean }>();
  /** Peers shown typing now, so that a lost connection can clear them. */
  private readonly typingPeers = new Set<number>();
  private readonly typingTimers = new Map<number, ReturnType<typeof setInterval>>();
  private readonly knownPeers = new Set<number>();
  /**
   * The time given to each message that arrived live (within its 1 s init_date, see
   * sentAtOf): a later copy of the same row from history or /contacts keeps it, so a
   * conversation listed after its message arrived never sorts below one it was newer than.
   */
  private readonly liveTimes = new Map<number, number>();

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: TalkerAdapterOptions = {},
  ) {
    this.log = log.child('talker');
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.connection = new TalkerConnection(
      session.serverUrl,
      credentialsOf(session),
      this.log,
      (e) => {
        if (e.type === 'connection' && e.state !== 'online') this.connectionLost();
        this.emit(e);
      },
      (me) => this.signedIn(me),
      options,
    );
    this.registerPushes();
  }

  connect(): void {
    if (!this.closed) this.connection.connect();
  }

  reconnectNow(): void {
    if (!this.closed) this.connection.reconnectNow();
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
    const me = this.requireMe();
    const contacts = z.array(contactSchema).max(1000).parse(await this.get('/contacts', me, {}));
    const now = this.now();
    return {
      items: contacts.map((c) => {
        this.rememberUser(c.id, c.username);
        this.knownPeers.add(c.id);
        if (c.last_messeage) this.remember(c.last_messeage, me.userId);
        const conversation = toConversation(me.userId, { id: c.id, username: c.username }, c.last_messeage ?? null, c.unread ?? 0, now);
        const liveAt = c.last_messeage ? this.liveTimes.get(c.last_messeage.id) : undefined;
        if (liveAt !== undefined && conversation.lastMessage) {
          conversation.lastActivityAt = Math.max(conversation.lastActivityAt, liveAt);
          conversation.lastMessage = { ...conversation.lastMessage, sentAt: liveAt };
        }
        return conversation;
      }),
    };
  }

  async openDirectConversation(userId: Id): Promise<ConversationData> {
    const me = this.requireMe();
    const peer = toTalkerId(userId);
    if (peer === me.userId) throw new ParleyError('invalid-argument', 'That is you');
    this.knownPeers.add(peer);
    return toConversation(me.userId, { id: peer, username: this.users.get(peer) ?? `#${peer}` }, null, 0, this.now());
  }

  sendMessage(req: SendRequest): Promise<MessageData> {
    const to = toTalkerId(req.conversationId);
    return this.inLane(async () => {
      const me = this.requireMe();
      this.stopTyping(to);
      const row = await new Promise<TalkerRow>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending = null;
          reject(new ParleyError('timeout', `talker did not confirm the message within ${Math.round(this.sendTimeoutMs / 1000)} s`));
        }, this.sendTimeoutMs);
        const settle = <A>(f: (a: A) => void) => (a: A) => {
          clearTimeout(timer);
          this.pending = null;
          f(a);
        };
        this.pending = { to, content: req.text, resolve: settle(resolve), reject: settle(reject) };
        try {
          this.connection.emit('messeage', { user_id: me.userId, to_id: to, content: req.text, content_type: 'text' });
        } catch (e) {
          this.pending.reject(e as ParleyError);
        }
      });
      this.remember(row, me.userId);
      return this.live(row, me.userId);
    });
  }

  async getUsers(ids: Id[]): Promise<User[]> {
    return ids.map((id) => {
      const name = this.users.get(Number(id)) ?? `#${id}`;
      return { id, username: name, displayName: name };
    });
  }

  async listMessages(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>> {
    const me = this.requireMe();
    const rows = await this.history(me, toTalkerId(req.conversationId), req.before ? toTalkerId(req.before) : undefined, req.limit);
    const now = this.now();
    const items = rows.map((r) => this.stored(r, me.userId, now));
    const oldest = rows[rows.length - 1];
    return { items, ...(rows.length === req.limit && oldest ? { nextCursor: String(oldest.id) } : {}) };
  }

  /** A send with an unknown outcome: is a message of ours with this text in the history since then? */
  async findSentMessage(req: { conversationId: Id; text: string; notBefore: number; exclude: Id[] }): Promise<MessageData | null> {
    const me = this.requireMe();
    const rows = await this.history(me, toTalkerId(req.conversationId), undefined, HISTORY_PAGE);
    const excluded = new Set(req.exclude);
    const candidates = rows.filter(
      (r) =>
        r.from_user === me.userId &&
        r.content === req.text &&
        !excluded.has(String(r.id)) &&
        (parseTalkerDate(r.init_date) ?? Number.POSITIVE_INFINITY) >= req.notBefore - HISTORY_SKEW_MS,
    );
    // Oldest first: the one the lost attempt stored.
    const found = candidates[candidates.length - 1];
    return found ? this.stored(found, me.userId, this.now()) : null;
  }

  async searchUsers(query: string): Promise<User[]> {
    const answer = await this.request('/search/users', { user_name: query });
    const me = this.connection.me?.userId;
    return z
      .array(userSchema)
      .max(200)
      .parse(answer)
      .filter((u) => u.id !== me)
      .map((u) => {
        this.rememberUser(u.id, u.username);
        return { id: String(u.id), username: u.username, displayName: u.username };
      });
  }

  async markRead(req: { conversationId: Id; upToMessageId: Id }): Promise<void> {
    const upTo = toTalkerId(req.upToMessageId);
    // Only a message *to* us can be marked; the server answers anything else with `error` 400,
    // which would be taken for a send's failure.
    if (!this.messages.get(upTo)?.incoming) return;
    await this.inLane(async () => {
      const me = this.requireMe();
      this.connection.emit('read', { user_id: me.userId, messeage_id: upTo });
    });
  }

  setTyping(req: { conversationId: Id; typing: boolean }): void {
    const to = toTalkerId(req.conversationId);
    if (!req.typing) return this.stopTyping(to);
    if (this.typingTimers.has(to)) return;
    const beat = () => {
      const me = this.connection.me;
      if (!me || to === me.userId) return;
      this.connection.emit('type', { user_id: me.userId, to_id: to });
    };
    beat();
    this.typingTimers.set(to, setInterval(beat, TYPING_HEARTBEAT_MS));
  }

  // --- pushes -------------------------------------------------------------------------------

  private registerPushes(): void {
    const c = this.connection;
    c.on('messeage', rowSchema, (row) => {
      const me = this.connection.me;
      if (!me) return;
      const pending = this.pending;
      if (pending && row.from_user === me.userId && row.to_user === pending.to && row.content === pending.content) {
        pending.resolve(row);
        return; // the send's own result: the core reports it with the nonce
      }
      this.remember(row, me.userId);
      const peer = row.from_user === me.userId ? row.to_user : row.from_user;
      if (!this.knownPeers.has(peer)) {
        this.knownPeers.add(peer);
        void this.announcePeer(me, peer);
      }
      if (row.from_user === peer) this.clearTyping(peer);
      this.emit({ type: 'message', message: this.live(row, me.userId) });
    });
    c.on('error', z.unknown(), (code) => {
      if (this.pending) this.pending.reject(new ParleyError('server-error', `The talker server refused the message (error ${String(code)})`));
      else this.log.warn('the server reported an error outside any send', { code: String(code) });
    });
    c.on('notified', messageIdEventSchema, ({ messeage_id }) => this.receipt(messeage_id, 'delivered'));
    c.on('read', messageIdEventSchema, ({ messeage_id }) => this.receipt(messeage_id, 'read'));
    c.on('typing', typingEventSchema, ({ typer, typing }) => {
      if (typing) this.typingPeers.add(typer);
      else this.typingPeers.delete(typer);
      this.emit({ type: 'typing', typing: { conversationId: String(typer), userId: String(typer), typing } });
    });
  }

  /**
   * A conversation with someone new: talker has no lookup of a user by id, but /contacts
   * names every peer with their last message and unread count, so the conversation arrives
   * complete (a placeholder named by the id only when /contacts cannot answer).
   */
  private async announcePeer(me: SignedIn, peer: number): Promise<void> {
    let conversation: ConversationData | undefined;
    try {
      conversation = (await this.listConversations()).items.find((c) => c.id === String(peer));
    } catch (e) {
      this.log.warn('could not look up a new peer', { error: e instanceof Error ? e.message : String(e) });
    }
    conversation ??= toConversation(me.userId, { id: peer, username: this.users.get(peer) ?? `#${peer}` }, null, 0, this.now());
    this.emit({ type: 'conversation', conversation });
  }

  private receipt(messageId: number, kind: 'delivered' | 'read'): void {
    const peer = this.messages.get(messageId)?.peer;
    if (peer === undefined) return; // not a message this run has seen: nothing to place it on
    this.emit({ type: 'receipt', receipt: { conversationId: String(peer), userId: String(peer), kind, messageIds: [String(messageId)] } });
  }

  private signedIn(me: SignedIn): void {
    if (String(me.userId) !== this.session.userId) {
      this.log.warn('signed in as another user id than stored', { stored: this.session.userId, got: me.userId });
    }
  }

  /** A lost connection ends what depended on it: a waiting send's outcome is unknown; typing shown is stale. */
  private connectionLost(): void {
    this.pending?.reject(new ParleyError('timeout', 'The connection dropped before talker confirmed the message'));
    for (const to of [...this.typingTimers.keys()]) this.stopTyping(to);
    for (const peer of [...this.typingPeers]) this.clearTyping(peer);
  }

  private clearTyping(peer: number): void {
    if (!this.typingPeers.delete(peer)) return;
    this.emit({ type: 'typing', typing: { conversationId: String(peer), userId: String(peer), typing: false } });
  }

  private stopTyping(to: number): void {
    const timer = this.typingTimers.get(to);
    if (timer) clearInterval(timer);
    this.typingTimers.delete(to);
  }

  // --- plumbing -----------------------------------------------------------------------------

  /** Runs fallible socket requests one at a time (see the header). */
  private inLane<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work);
    this.lane = run.catch(() => undefined);
    return run;
  }

  private requireMe(): SignedIn {
    const me = this.connection.me;
    if (!me) throw this.connection.notOnlineError();
    return me;
  }

  private async history(me: SignedIn, peer: number, before: number | undefined, limit: number): Promise<TalkerRow[]> {
    const answer = await this.get('/messeages', me, { with_id: peer, limit, ...(before ? { from_messeage: before } : {}) });
    const rows = z.array(rowSchema).max(1000).parse(answer);
    for (const r of rows) this.remember(r, me.userId);
    return rows;
  }

  private get(path: string, me: SignedIn, params: Record<string, string | number>): Promise<unknown> {
    return this.request(path, { user_id: me.userId, clientAddress: me.clientAddress, ...params });
  }

  private async request(path: string, params: Record<string, string | number>): Promise<unknown> {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const answer = await httpJson(this.session.serverUrl, `${path}?${query}`, { method: 'GET' });
    if (answer.status === 401) throw new ParleyError('offline', 'talker is signing this connection in again');
    if (answer.status !== 200) throw httpFailure(answer, path);
    return answer.body;
  }

  /** A row that arrived just now: its time is recorded for later copies. */
  private live(row: TalkerRow, me: number): MessageData {
    const message = toMessage(row, me, this.now(), true);
    this.liveTimes.set(row.id, message.sentAt);
    if (this.liveTimes.size > REMEMBERED_MESSAGES) {
      const oldest = this.liveTimes.keys().next().value;
      if (oldest !== undefined) this.liveTimes.delete(oldest);
    }
    return message;
  }

  /** A row from history: the time it was given when it arrived live, if it did. */
  private stored(row: TalkerRow, me: number, now: number): MessageData {
    const message = toMessage(row, me, now);
    const liveAt = this.liveTimes.get(row.id);
    return liveAt === undefined ? message : { ...message, sentAt: liveAt };
  }

  private remember(row: TalkerRow, me: number): void {
    const incoming = row.from_user !== me;
    this.messages.set(row.id, { peer: incoming ? row.from_user : row.to_user, incoming });
    if (this.messages.size > REMEMBERED_MESSAGES) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
  }

  private rememberUser(id: number, username: string): void {
    if (username) this.users.set(id, username);
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

function toTalkerId(id: Id): number {
  const n = Number(id);
  if (!/^\d{1,15}$/.test(id) || !Number.isSafeInteger(n) || n <= 0) throw new ParleyError('invalid-argument', `"${id}" is not a talker id`);
  return n;
}
