// The AZStack adapter: Parley's operations as AZStack services, AZStack's packets as Parley
// events (notes, AZStack). Sends are confirmed by an ack without deduplication (72 / 45 `r`):
// an unknown outcome is settled against history (findSentMessage) before any resend. Delivered
// (167 / 74) goes out by itself for every message received, as the SDK's UI does; seen (153)
// when the user reads. Typing never says "stopped" on this wire: incoming typing carries
// `expiresAt`, outgoing typing repeats while the user types. Presence has no push: user info
// (164) is polled while a conversation is on screen (watchPresence). Groups: groups.ts;
// calls: calls.ts.

import { z } from 'zod';
import type { CallMediaSignal, Id, Page, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, CallAnswer, CallEventOut, CallStarted, ConversationData, GroupUpdate, MessageData, ProtocolAdapter, SendRequest } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { AzCalls } from './calls';
import { azstackCapabilities } from './capabilities';
import { AzConnection, type AzConnectionOptions, type AzCredentials, type AzMe } from './connection';
import { AzGroups } from './groups';
import { chatOf, conversationIdOf, historyMessage, mediaText, messageIdOf, parseMessageId, userIdOf, type Chat } from './mapping';
import { MsgIds } from './msg-ids';
import {
  CHAT_GROUP,
  CHAT_USER,
  conversationItemSchema,
  conversationsAckSchema,
  decodeBody,
  deliveredInSchema,
  groupDeliveredInSchema,
  groupMessageInSchema,
  groupRecallInSchema,
  groupTypingInSchema,
  historyAckSchema,
  historyItemSchema,
  mediaInSchema,
  ownMediaSchema,
  ownTextSchema,
  rAckSchema,
  recallInSchema,
  S,
  seenInSchema,
  sendAckSchema,
  textInSchema,
  typingInSchema,
  userInfoAckSchema,
  userInfoSchema,
  type HistoryItem,
  type UserInfo,
} from './wire';

export const AZSTACK_SECRET_VERSION = 1;

export interface AzstackAdapterOptions extends AzConnectionOptions {
  /** How long a send waits for its ack before its outcome counts as unknown. */
  sendTimeoutMs?: number;
  presencePollMs?: number;
  now?: () => number;
}

/** Outgoing typing is repeated this often while the user types... */
export const TYPING_REPEAT_MS = 3_000;
/** ...and incoming typing lapses this long after the last packet (AZStack never sends a stop). */
export const TYPING_LAPSE_MS = 6_000;
const PRESENCE_POLL_MS = 20_000;
const MAX_TEXT = 16_000;
/** Clock skew, when matching a send against history. */
const HISTORY_SKEW_MS = 60_000;
const MAX_CONVERSATION_PAGES = 20;
const MAX_HISTORY_PAGES = 10;
const REMEMBERED = 5000;

const secretSchema = z.object({
  appId: z.string().min(1),
  publicKey: z.string().min(1),
  username: z.string().min(1),
  password: z.string(),
  /** The end of the msgId block reserved so far (msg-ids.ts). */
  reserved: z.number().int().nonnegative().optional(),
});
export type AzSecret = z.output<typeof secretSchema>;

export function secretOf(session: AdapterSession): AzSecret {
  let raw: unknown;
  try {
    raw = JSON.parse(session.secret.value);
  } catch {
    raw = undefined;
  }
  const parsed = secretSchema.safeParse(raw);
  if (!parsed.success) throw new ParleyError('session-expired', 'The saved AZStack sign-in is unreadable: sign in again');
  return parsed.data;
}

/** Success codes of `r` per service (notes: 0 or 1 for 72/45/153/127/151; 0 for 168/171). */
function accepted(r: number): boolean {
  return r === 0 || r === 1;
}

export class AzstackAdapter implements ProtocolAdapter {
  readonly capabilities = azstackCapabilities;
  readonly sendConfirmation = 'ack' as const;

  private readonly log: Logger;
  private readonly connection: AzConnection;
  private readonly calls: AzCalls;
  private readonly groups: AzGroups;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  private readonly secret: AzSecret;
  private readonly ids: MsgIds;
  private readonly sendTimeoutMs: number;
  private readonly presencePollMs: number;
  private readonly now: () => number;
  private closed = false;
  private purposes = 0;
  private readonly users = new Map<number, UserInfo>();
  private readonly knownConversations = new Set<Id>();
  /** When each message was created (ms), for paging history before it. */
  private readonly createdAt = new Map<Id, number>();
  /** msgIds of my sends still waiting for their ack: an echo of one is not a message from elsewhere. */
  private readonly sending = new Set<number>();
  /**
   * The core's nonce of each message this run sent, by msgId: a copy from history (listed
   * while the send's ack is still being settled, or found after a lost ack) carries it, so
   * the renderer shows one row, not the sent one and a copy beside it.
   */
  private readonly nonces = new Map<number, string>();
  private readonly typingTimers = new Map<Id, ReturnType<typeof setInterval>>();
  /** Others shown typing (conversation and user) and until when: a message from them ends it at once. */
  private readonly othersTyping = new Map<string, number>();
  private watched: number[] = [];
  private presenceTimer: ReturnType<typeof setInterval> | undefined;
  /** Requests that no echoed field can match go one at a time per service. */
  private readonly lanes = new Map<number, Promise<unknown>>();

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: AzstackAdapterOptions = {},
  ) {
    this.log = log.child('azstack');
    this.secret = secretOf(session);
    this.now = options.now ?? Date.now;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.presencePollMs = options.presencePollMs ?? PRESENCE_POLL_MS;
    this.ids = new MsgIds(this.secret.reserved, (reserved) => this.persistReserved(reserved), this.now);
    const credentials: AzCredentials = { appId: this.secret.appId, publicKey: this.secret.publicKey, username: this.secret.username, password: this.secret.password };
    this.connection = new AzConnection(
      session.serverUrl,
      credentials,
      this.log,
      (e) => this.emit(e),
      (me) => this.signedIn(me),
      () => this.connectionLost(),
      options,
    );
    this.calls = new AzCalls(this.connection, () => this.requireMe(), () => this.ids.take(), (e) => this.emit(e), this.log);
    this.groups = new AzGroups(this.connection, () => this.requireMe(), () => this.ids.take(), (e) => this.emit(e), this.log, (id) => this.knownConversations.add(id));
    this.registerPushes();
  }

  connect(): void {
    if (!this.closed) this.connection.connect();
  }

  reconnectNow(): void {
    if (!this.closed) this.connection.reconnectNow();
  }

  checkConnection(): void {
    if (!this.closed) this.connection.probe();
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.connection.close();
    this.stopTimers();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- conversations and messages -----------------------------------------------------------

  async listConversations(): Promise<Page<ConversationData>> {
    const me = this.requireMe();
    const items: Array<z.output<typeof conversationItemSchema>> = [];
    for (let page = 1; page <= MAX_CONVERSATION_PAGES; page++) {
      const ack = await this.inLane(S.conversations, () =>
        this.connection.request(S.conversations, { page, lastCreated: 0 }, conversationsAckSchema, (a) => a.page === undefined || a.page === page),
      );
      for (const raw of ack.list) {
        const item = decodeBody(S.conversations, conversationItemSchema, raw, this.log);
        if (item) items.push(item);
      }
      if (ack.done === 1 || ack.list.length === 0) break;
    }
    await this.groups.refresh();
    const peers = items.filter((i) => i.type === CHAT_USER).map((i) => i.chatId);
    await this.userInfo(peers.filter((id) => !this.users.has(id))).catch((e: unknown) => this.log.info('user names not known yet', { error: errorText(e) }));
    const now = this.now();
    const listed = new Set<Id>();
    const conversations: ConversationData[] = [];
    for (const item of items) {
      const chat: Chat = { type: item.type, chatId: item.chatId };
      const last = item.lastMsg
        ? historyMessage(chat, { ...item.lastMsg, senderId: item.lastMsg.sender, serviceType: item.lastMsg.serviceType, msg: item.lastMsg.msg ?? null } as HistoryItem, me.userId, now)
        : undefined;
      const base = item.type === CHAT_GROUP ? this.groups.conversation(item.chatId) : this.direct(me, item.chatId);
      if (!base) continue; // a group I am no longer in
      listed.add(base.id);
      const at = last?.sentAt ?? item.modified ?? base.lastActivityAt;
      conversations.push({
        ...base,
        lastActivityAt: at,
        unreadCount: item.unread ?? 0,
        ...(last ? { lastMessage: { messageId: last.id!, senderId: last.senderId, text: last.text, sentAt: last.sentAt, ...(last.system ? { system: last.system } : {}) } } : {}),
      });
    }
    // Groups without a conversation yet (created, nothing said).
    for (const group of this.groups.all()) if (!listed.has(group.id)) conversations.push(group);
    for (const c of conversations) this.knownConversations.add(c.id);
    return { items: conversations };
  }

  async openDirectConversation(userId: Id): Promise<ConversationData> {
    const me = this.requireMe();
    const peer = userIdOf(userId);
    if (peer === me.userId) throw new ParleyError('invalid-argument', 'That is you');
    if (!this.users.has(peer)) {
      const found = await this.userInfo([peer]);
      if (found.length === 0) throw new ParleyError('not-found', 'No such AZStack user');
    }
    const conversation = this.direct(me, peer);
    this.knownConversations.add(conversation.id);
    return conversation;
  }

  async sendMessage(req: SendRequest): Promise<MessageData> {
    const me = this.requireMe();
    const chat = chatOf(req.conversationId);
    if (req.text.length === 0 || req.text.length > MAX_TEXT) throw new ParleyError('invalid-argument', `A message is 1 to ${MAX_TEXT} characters`);
    const msgId = this.ids.take();
    const service = chat.type === CHAT_GROUP ? S.groupMessage : S.text;
    const body = chat.type === CHAT_GROUP ? { msgId, group: chat.chatId, msg: req.text } : { msgId, to: chat.chatId, msg: req.text };
    this.stopTyping(req.conversationId);
    this.sending.add(msgId);
    this.nonces.set(msgId, req.nonce);
    if (this.nonces.size > REMEMBERED) {
      const oldest = this.nonces.keys().next().value;
      if (oldest !== undefined) this.nonces.delete(oldest);
    }
    let ack: z.output<typeof sendAckSchema>;
    try {
      ack = await this.connection.request(service, body, sendAckSchema, (a) => a.msgId === msgId, this.sendTimeoutMs);
    } finally {
      this.sending.delete(msgId);
    }
    if (!accepted(ack.r)) throw new ParleyError('server-error', `AZStack refused the message (r ${ack.r})`);
    const sentAt = this.now();
    const id = messageIdOf(me.userId, msgId);
    this.remember(id, sentAt);
    return { conversationId: req.conversationId, id, senderId: String(me.userId), kind: 'text', text: req.text, sentAt, status: 'sent' };
  }

  async getUsers(ids: Id[]): Promise<User[]> {
    const numbers = ids.flatMap((id) => (/^\d{1,15}$/.test(id) ? [Number(id)] : []));
    const missing = numbers.filter((n) => !this.users.has(n));
    if (missing.length > 0 && this.connection.me) await this.userInfo(missing).catch((e: unknown) => this.log.info('user info not known', { error: errorText(e) }));
    return ids.map((id) => {
      const info = this.users.get(Number(id));
      return info ? toUser(info) : { id, username: `#${id}`, displayName: `#${id}` };
    });
  }

  /** Exact AZStack user ID (azStackUserId) only: 165 looks users up by name, it does not search. */
  async searchUsers(query: string): Promise<User[]> {
    const me = this.requireMe();
    const name = query.trim();
    if (!name || name.length > 128) return [];
    const purpose = this.purpose();
    const ack = await this.connection.request(S.userInfoByName, { purpose, usernameList: [name] }, userInfoAckSchema, (a) => a.purpose === purpose);
    return this.keepUsers(ack.userInfoList).filter((u) => u.userId !== me.userId).map(toUser);
  }

  async listMessages(req: { conversationId: Id; before?: Id; limit: number }): Promise<Page<MessageData>> {
    const me = this.requireMe();
    const chat = chatOf(req.conversationId);
    const before = req.before ? this.createdAt.get(req.before) : undefined;
    const rows = await this.history(chat, before ?? this.now() + HISTORY_SKEW_MS, req.limit);
    const now = this.now();
    const items = rows
      .filter((r) => before === undefined || (r.created ?? 0) < before)
      .slice(0, req.limit)
      .map((r) => this.stored(chat, r, me.userId, now));
    for (const m of items) this.remember(m.id!, m.sentAt);
    const oldest = items[items.length - 1];
    return { items, ...(items.length === req.limit && oldest ? { nextCursor: oldest.id! } : {}) };
  }

  /** A send with an unknown outcome: is a message of mine with this text in the history since then? */
  async findSentMessage(req: { conversationId: Id; text: string; notBefore: number; exclude: Id[] }): Promise<MessageData | null> {
    const me = this.requireMe();
    const chat = chatOf(req.conversationId);
    const rows = await this.history(chat, this.now() + HISTORY_SKEW_MS, 50);
    const excluded = new Set(req.exclude);
    const now = this.now();
    const mine = rows
      .filter((r) => r.senderId === me.userId && r.msg === req.text && (r.created ?? Number.POSITIVE_INFINITY) >= req.notBefore - HISTORY_SKEW_MS)
      .map((r) => this.stored(chat, r, me.userId, now))
      .filter((m) => !excluded.has(m.id!));
    // Oldest first: the one the lost attempt stored.
    return mine[mine.length - 1] ?? null;
  }

  async markRead(req: { conversationId: Id; upToMessageId: Id }): Promise<void> {
    const me = this.requireMe();
    const chat = chatOf(req.conversationId);
    const { senderId, msgId } = parseMessageId(req.upToMessageId);
    if (senderId === me.userId) return; // only someone else's message is seen
    const ack = await this.connection.request(
      S.seen,
      { type: chat.type, chatId: chat.chatId, senderId, msgId },
      rAckSchema.and(z.object({ msgId: z.unknown() })),
      (a) => Number(a.msgId) === msgId,
    );
    if (!accepted(ack.r)) throw new ParleyError('server-error', `AZStack refused the seen mark (r ${ack.r})`);
  }

  /** My own message: recalled for everyone (127 / 151). Someone else's: my copy deleted (168). */
  async deleteMessage(req: { conversationId: Id; messageId: Id }): Promise<void> {
    const me = this.requireMe();
    const chat = chatOf(req.conversationId);
    const { senderId, msgId } = parseMessageId(req.messageId);
    let r: number;
    if (senderId === me.userId && chat.type === CHAT_USER) {
      ({ r } = await this.connection.request(S.recall, { type: chat.type, chatId: chat.chatId, to: chat.chatId, id: msgId }, rAckSchema.and(z.object({ id: z.unknown() })), (a) => Number(a.id) === msgId));
    } else if (senderId === me.userId) {
      ({ r } = await this.connection.request(
        S.groupRecall,
        { type: chat.type, chatId: chat.chatId, group: chat.chatId, msgId },
        rAckSchema.and(z.object({ msgId: z.unknown() })),
        (a) => Number(a.msgId) === msgId,
      ));
    } else {
      ({ r } = await this.inLane(S.deleteMessage, () =>
        this.connection.request(S.deleteMessage, { type: chat.type, chatId: chat.chatId, senderId, msgId }, rAckSchema, () => true),
      ));
    }
    if (!accepted(r)) throw new ParleyError('forbidden', `AZStack refused to delete the message (r ${r})`);
  }

  async clearHistory(conversationId: Id): Promise<void> {
    const chat = chatOf(conversationId);
    const { r } = await this.inLane(S.deleteConversation, () =>
      this.connection.request(S.deleteConversation, { chatId: chat.chatId, type: chat.type, lastTimeCreated: this.now() }, rAckSchema, () => true),
    );
    if (!accepted(r)) throw new ParleyError('server-error', `AZStack refused to delete the conversation (r ${r})`);
  }

  setTyping(req: { conversationId: Id; typing: boolean }): void {
    if (!req.typing) return this.stopTyping(req.conversationId);
    if (this.typingTimers.has(req.conversationId)) return;
    const chat = chatOf(req.conversationId);
    const beat = () => {
      if (!this.connection.me) return;
      this.connection.send(chat.type === CHAT_GROUP ? S.groupTyping : S.typing, chat.type === CHAT_GROUP ? { group: chat.chatId } : { to: chat.chatId });
    };
    beat();
    this.typingTimers.set(req.conversationId, setInterval(beat, TYPING_REPEAT_MS));
  }

  watchPresence(userIds: Id[]): void {
    this.watched = [...new Set(userIds.filter((id) => /^\d{1,15}$/.test(id)).map(Number))].slice(0, 200);
    clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
    if (this.watched.length === 0) return;
    void this.pollPresence();
    this.presenceTimer = setInterval(() => void this.pollPresence(), this.presencePollMs);
  }

  // --- groups (groups.ts) --------------------------------------------------------------------

  createGroup(req: { title: string; memberIds: Id[]; groupType?: 'community' | 'public' }): Promise<ConversationData> {
    return this.groups.create(req);
  }

  updateGroup(req: GroupUpdate): Promise<ConversationData> {
    return this.groups.update(req);
  }

  leaveGroup(conversationId: Id): Promise<void> {
    return this.groups.leave(conversationId);
  }

  // --- calls (calls.ts) ----------------------------------------------------------------------

  startCall(req: { conversationId: Id; media: 'audio' | 'video' }): Promise<CallStarted> {
    return this.calls.startCall(req);
  }

  answerCall(req: { callId: Id; conversationId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }> {
    return this.calls.answerCall(req);
  }

  stopCall(req: { callId: Id; conversationId: Id }): Promise<void> {
    return this.calls.stopCall(req);
  }

  sendCallMedia(req: { callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void> {
    return this.calls.sendCallMedia(req);
  }

  sendCallEvent(req: { callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut }): Promise<void> {
    return this.calls.sendCallEvent(req);
  }

  // --- pushes --------------------------------------------------------------------------------

  private registerPushes(): void {
    const c = this.connection;
    const on = <T>(service: number, schema: z.ZodType<T>, handle: (body: T) => void) =>
      c.onPacket(service, (raw) => {
        const body = decodeBody(service, schema, raw, this.log);
        if (body !== undefined) handle(body);
      });
    on(S.textIn, textInSchema, (b) => this.incoming({ type: CHAT_USER, chatId: b.from }, b.from, b.msgId, b.msg, b.time));
    for (const service of [S.sticker, S.file, S.location]) {
      on(service, mediaInSchema, (b) => this.incoming({ type: CHAT_USER, chatId: b.from }, b.from, b.id, mediaText(service, b) ?? '', b.created));
    }
    on(S.ownText, ownTextSchema, (b) => this.ownFromElsewhere({ type: CHAT_USER, chatId: b.to }, b.msgId, b.msg, b.time));
    on(S.ownMedia, ownMediaSchema, (b) => this.ownFromElsewhere({ type: CHAT_USER, chatId: b.to }, b.id, mediaText(S.sticker, b) ?? '[Attachment]', b.created));
    on(S.groupMessageIn, groupMessageInSchema, (b) => {
      const text = b.msg ?? mediaText(S.groupMessageIn, b) ?? '';
      if (b.from === this.connection.me?.userId) this.ownFromElsewhere({ type: CHAT_GROUP, chatId: b.group }, b.msgId, text, b.created);
      else this.incoming({ type: CHAT_GROUP, chatId: b.group }, b.from, b.msgId, text, b.created);
    });
    on(S.ownGroupMessage, groupMessageInSchema, (b) => this.ownFromElsewhere({ type: CHAT_GROUP, chatId: b.group }, b.msgId, b.msg ?? mediaText(S.groupMessageIn, b) ?? '', b.created));
    on(S.delivered, deliveredInSchema, (b) => this.receipt({ type: CHAT_USER, chatId: b.from }, b.from, 'delivered', b.msgId));
    on(S.groupDelivered, groupDeliveredInSchema, (b) => this.receipt({ type: CHAT_GROUP, chatId: b.group }, b.from, 'delivered', b.msgId));
    on(S.seen, z.unknown(), (raw) => {
      if (isAck(raw)) return; // a late ack of my own seen mark
      const b = decodeBody(S.seen, seenInSchema, raw, this.log);
      if (!b) return;
      const chat: Chat = b.type === CHAT_GROUP ? { type: CHAT_GROUP, chatId: b.chatId } : { type: CHAT_USER, chatId: b.from };
      this.receipt(chat, b.from, 'read', b.msgId, b.senderId);
    });
    on(S.recall, z.unknown(), (raw) => {
      if (isAck(raw)) return;
      const b = decodeBody(S.recall, recallInSchema, raw, this.log);
      if (b) this.removed({ type: CHAT_USER, chatId: b.from }, b.from, b.id);
    });
    on(S.groupRecall, z.unknown(), (raw) => {
      if (isAck(raw)) return;
      const b = decodeBody(S.groupRecall, groupRecallInSchema, raw, this.log);
      if (b) this.removed({ type: CHAT_GROUP, chatId: b.group }, b.from, b.msgId);
    });
    on(S.typing, typingInSchema, (b) => this.typing({ type: CHAT_USER, chatId: b.from }, b.from));
    on(S.groupTyping, groupTypingInSchema, (b) => this.typing({ type: CHAT_GROUP, chatId: b.group }, b.from));
    // The keep-alive needs no answer; a server that answers it anyway is not an unknown service.
    c.onPacket(S.keepAlive, () => undefined);
    // Answers that came after their request gave up: nothing to do with them.
    for (const service of [S.text, S.groupMessage, S.deleteMessage, S.deleteConversation, S.conversations, S.history, S.unread, S.userInfo, S.userInfoByName, S.groupDetails, S.groups]) {
      c.onPacket(service, () => this.log.info('ignored a late answer', { service }));
    }
    this.groups.registerPushes();
    this.calls.registerPushes();
  }

  private incoming(chat: Chat, from: number, msgId: number, text: string, time: number | undefined): void {
    const me = this.connection.me;
    if (!me) return;
    const conversationId = conversationIdOf(chat);
    const id = messageIdOf(from, msgId);
    const sentAt = time ?? this.now();
    this.remember(id, sentAt);
    this.announce(me, chat);
    const typingKey = `${conversationId}|${from}`;
    if ((this.othersTyping.get(typingKey) ?? 0) > this.now()) this.emit({ type: 'typing', typing: { conversationId, userId: String(from), typing: false } });
    this.othersTyping.delete(typingKey);
    this.emit({ type: 'message', message: { conversationId, id, senderId: String(from), kind: 'text', text, sentAt, status: 'sent' } });
    // Delivered, as the SDK's UI sends it for every message that arrives (event.js:100-105).
    try {
      if (chat.type === CHAT_GROUP) this.connection.send(S.groupDelivered, { group: chat.chatId, msgId, msgSender: from });
      else this.connection.send(S.delivered, { to: from, msgId });
    } catch (e) {
      this.log.info('delivered mark not sent', { error: errorText(e) });
    }
  }

  /** My own message, sent from another device (174/175/176), or the echo of a send of mine. */
  private ownFromElsewhere(chat: Chat, msgId: number, text: string, time: number | undefined): void {
    const me = this.connection.me;
    if (!me || this.sending.has(msgId)) return;
    const id = messageIdOf(me.userId, msgId);
    const sentAt = time ?? this.now();
    this.remember(id, sentAt);
    this.announce(me, chat);
    this.emit({ type: 'message', message: { conversationId: conversationIdOf(chat), id, senderId: String(me.userId), kind: 'text', text, sentAt, status: 'sent' } });
  }

  private receipt(chat: Chat, from: number, kind: 'delivered' | 'read', msgId: number, senderId?: number): void {
    const me = this.connection.me;
    if (!me || from === me.userId) return;
    const id = messageIdOf(senderId ?? me.userId, msgId);
    const conversationId = conversationIdOf(chat);
    // Seen is per message on this wire, but the reader saw everything before it too.
    const receipt = kind === 'read' ? { conversationId, userId: String(from), kind, upToMessageId: id } : { conversationId, userId: String(from), kind, messageIds: [id] };
    this.emit({ type: 'receipt', receipt });
  }

  private removed(chat: Chat, from: number, msgId: number): void {
    this.emit({ type: 'message-removed', conversationId: conversationIdOf(chat), messageId: messageIdOf(from, msgId) });
  }

  private typing(chat: Chat, from: number): void {
    const me = this.connection.me;
    if (!me || from === me.userId) return;
    const conversationId = conversationIdOf(chat);
    const expiresAt = this.now() + TYPING_LAPSE_MS;
    this.othersTyping.set(`${conversationId}|${from}`, expiresAt);
    if (this.othersTyping.size > REMEMBERED) this.othersTyping.clear();
    this.emit({ type: 'typing', typing: { conversationId, userId: String(from), typing: true, expiresAt } });
  }

  /** A conversation seen for the first time (a message from someone new): it arrives whole, named. */
  private announce(me: AzMe, chat: Chat): void {
    const id = conversationIdOf(chat);
    if (this.knownConversations.has(id)) return;
    this.knownConversations.add(id);
    if (chat.type === CHAT_GROUP) {
      void this.groups.details(chat.chatId).then(
        (conversation) => conversation && this.emit({ type: 'conversation', conversation }),
        (e: unknown) => this.log.info('could not look up a new group', { error: errorText(e) }),
      );
      return;
    }
    const announce = () => this.emit({ type: 'conversation', conversation: this.direct(me, chat.chatId) });
    if (this.users.has(chat.chatId)) return announce();
    void this.userInfo([chat.chatId]).then(announce, announce);
  }

  // --- plumbing ------------------------------------------------------------------------------

  private signedIn(me: AzMe): void {
    this.users.set(me.userId, { userId: me.userId, username: me.username, fullname: me.fullname, status: 1, lastVisitDate: null });
    if (String(me.userId) !== this.session.userId) this.log.warn('signed in as another user id than stored', {});
    if (this.watched.length > 0) void this.pollPresence();
  }

  private connectionLost(): void {
    for (const id of [...this.typingTimers.keys()]) this.stopTyping(id);
    this.calls.connectionLost();
  }

  private stopTimers(): void {
    for (const id of [...this.typingTimers.keys()]) this.stopTyping(id);
    clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  private stopTyping(conversationId: Id): void {
    clearInterval(this.typingTimers.get(conversationId));
    this.typingTimers.delete(conversationId);
  }

  private async pollPresence(): Promise<void> {
    if (!this.connection.me || this.watched.length === 0) return;
    let infos: UserInfo[];
    try {
      infos = await this.userInfo(this.watched);
    } catch (e) {
      this.log.info('presence poll failed', { error: errorText(e) });
      return;
    }
    for (const u of infos) {
      this.emit({ type: 'presence', presence: { userId: String(u.userId), online: u.status === 1, ...(u.lastVisitDate ? { lastSeenAt: u.lastVisitDate } : {}) } });
    }
  }

  private async userInfo(userIds: number[]): Promise<UserInfo[]> {
    if (userIds.length === 0) return [];
    const purpose = this.purpose();
    const ack = await this.connection.request(S.userInfo, { purpose, userIdList: userIds }, userInfoAckSchema, (a) => a.purpose === purpose);
    return this.keepUsers(ack.userInfoList);
  }

  private keepUsers(list: unknown[]): UserInfo[] {
    const users: UserInfo[] = [];
    for (const raw of list) {
      const u = decodeBody(S.userInfo, userInfoSchema, raw, this.log);
      if (!u) continue;
      this.users.set(u.userId, u);
      users.push(u);
    }
    return users;
  }

  /**
   * History, newest first: 169 pages with a fixed `lastCreated` (the notes' paging) until
   * `done` or enough rows. Rows are checked one by one; a malformed row is dropped.
   */
  private async history(chat: Chat, lastCreated: number, limit: number): Promise<HistoryItem[]> {
    const rows: HistoryItem[] = [];
    for (let page = 1; page <= MAX_HISTORY_PAGES && rows.length < limit; page++) {
      const ack = await this.connection.request(
        S.history,
        { page, type: chat.type, chatId: chat.chatId, lastCreated },
        historyAckSchema,
        (a) => a.type === chat.type && a.chatId === chat.chatId && (a.page === undefined || a.page === page),
      );
      for (const raw of ack.list) {
        const row = decodeBody(S.history, historyItemSchema, raw, this.log);
        if (row) rows.push(row);
      }
      if (ack.done === 1 || ack.list.length === 0) break;
    }
    // Whatever order the server pages in, Parley's is newest first.
    return rows.sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  }

  /** A history row as a message; one of mine sent in this run carries its nonce. */
  private stored(chat: Chat, row: HistoryItem, me: number, now: number): MessageData {
    const message = historyMessage(chat, row, me, now);
    const nonce = row.senderId === me ? this.nonces.get(row.msgId) : undefined;
    return nonce ? { ...message, nonce } : message;
  }

  private direct(me: AzMe, peer: number): ConversationData {
    const info = this.users.get(peer);
    return {
      id: conversationIdOf({ type: CHAT_USER, chatId: peer }),
      kind: 'direct',
      title: info ? info.fullname || info.username : `#${peer}`,
      memberIds: [String(me.userId), String(peer)],
      peerId: String(peer),
      createdAt: 0,
      lastActivityAt: 0,
      unreadCount: 0,
      muted: false,
      pinned: false,
    };
  }

  private inLane<T>(service: number, work: () => Promise<T>): Promise<T> {
    const run = (this.lanes.get(service) ?? Promise.resolve()).then(work);
    this.lanes.set(service, run.catch(() => undefined));
    return run;
  }

  private purpose(): string {
    return `parley-${++this.purposes}`;
  }

  private remember(id: Id, createdAt: number): void {
    this.createdAt.set(id, createdAt);
    if (this.createdAt.size > REMEMBERED) {
      const oldest = this.createdAt.keys().next().value;
      if (oldest !== undefined) this.createdAt.delete(oldest);
    }
  }

  private persistReserved(reserved: number): void {
    this.secret.reserved = reserved;
    this.emit({ type: 'session-renewed', secret: { version: AZSTACK_SECRET_VERSION, value: JSON.stringify(this.secret) } });
  }

  private requireMe(): AzMe {
    const me = this.connection.me;
    if (!me) throw this.connection.notOnlineError();
    return me;
  }

  private emit(event: AdapterEvent): void {
    if (this.closed) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.log.error('event listener failed', { type: event.type, error: errorText(e) });
      }
    }
  }
}

function toUser(u: UserInfo): User {
  return { id: String(u.userId), username: u.username, displayName: u.fullname || u.username };
}

/** An answer to a request of mine has `r` (notes: how 153/127/151 acks differ from notifications). */
function isAck(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'r' in raw;
}

function errorText(e: unknown): string {
  return e instanceof ParleyError ? e.code : e instanceof Error ? e.name : typeof e;
}
