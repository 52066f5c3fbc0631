// The Mingdao adapter: Parley's operations as Mingdao socket events with node-style acks, and
// Mingdao's pushes as Parley events. Mingdao has no history call: Parley keeps what it
// received (capabilities.history false), and a send whose ack was lost is settled from the
// conversation's last message (`session info`), see findSentMessage.
//
// `removeit` (the document's note): sending to someone who is no longer a contact, or to a
// group the user left or was removed from. The conversation is kept with its history and
// marked read-only (permissions.send false, with the reason), not deleted.

import { randomUUID } from 'node:crypto';
import type { Id, Page, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, ConversationData, MessageData, ProtocolAdapter, SendRequest } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { mingdaoCapabilities } from './capabilities';
import { MingdaoConnection, type MingdaoConnectionOptions } from './connection';
import { BANNED, MingdaoInbound } from './inbound';
import { settleFromSession } from './sent-messages';
import { pssIdOf } from './session-secret';
import {
  ackErrorSchema,
  createGroupAnswerSchema,
  groupConversationId,
  INBOX_READ_ONLY,
  inboxTitle,
  mdIdSchema,
  parseConversationId,
  REMOVED_CONTACT,
  REMOVED_FROM_GROUP,
  sendAnswerSchema,
  sessionItemSchema,
  sessionsAnswerSchema,
  toConversation,
  userConversationId,
  type MdSession,
  type MdTarget,
} from './wire';

export interface MingdaoAdapterOptions extends MingdaoConnectionOptions {
  now?: () => number;
  /** How long a shake push waits for its timeline message (type 6) before Parley makes the line itself. */
  shakeLineWaitMs?: number;
}

/** Errors of the two send events that mean "not a contact / not a member any more". */
const REMOVED_ERRORS = new Set(['removeit', 'not my contract', 'not my contact', 'not in group']);
const MAX_PAGE = 200;

export class MingdaoAdapter implements ProtocolAdapter {
  readonly capabilities = mingdaoCapabilities;
  readonly sendConfirmation = 'ack' as const;

  private readonly log: Logger;
  private readonly connection: MingdaoConnection;
  private readonly inbound: MingdaoInbound;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  private readonly now: () => number;
  private closed = false;
  /** Names of users and groups seen (sessions, pushes), for titles and getUsers. */
  readonly names = new Map<string, string>();
  /** The wire id of each inbox session, by its type (`clear unread` names it). */
  private readonly inboxIds = new Map<number, string>();

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: MingdaoAdapterOptions = {},
  ) {
    this.log = log.child('mingdao');
    this.now = options.now ?? Date.now;
    this.connection = new MingdaoConnection(session.serverUrl, pssIdOf(session), this.log, (e) => this.emit(e), options);
    this.inbound = new MingdaoInbound({
      me: session.userId,
      connection: this.connection,
      log: this.log,
      now: this.now,
      emit: (e) => this.emit(e),
      names: this.names,
      lookUp: (type, id) => this.sessionInfo(type, id),
      shakeLineWaitMs: options.shakeLineWaitMs ?? 1500,
    });
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
    this.inbound.close();
    this.listeners.clear();
    this.connection.close();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- conversations --------------------------------------------------------------------------

  /** Parley's `sessions` extension, paged: the chat list with the server's unread counts. */
  async listConversations(req: { cursor?: string; limit: number }): Promise<Page<ConversationData>> {
    const page = req.cursor && /^\d{1,6}$/.test(req.cursor) ? Number(req.cursor) : 1;
    const size = Math.max(1, Math.min(MAX_PAGE, req.limit));
    const data = await this.call('sessions', { page, size });
    const parsed = sessionsAnswerSchema.safeParse(data);
    if (!parsed.success) throw new ParleyError('server-error', 'Mingdao answered the conversation list with something unreadable');
    const items: ConversationData[] = [];
    for (const raw of parsed.data.list) {
      const item = sessionItemSchema.safeParse(raw);
      if (!item.success) {
        this.log.warn('dropped a malformed session item', { issues: item.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
        continue;
      }
      items.push(this.fromSession(item.data));
    }
    return { items, ...(parsed.data.list.length >= size ? { nextCursor: String(page + 1) } : {}) };
  }

  async openDirectConversation(userId: Id): Promise<ConversationData> {
    if (userId === this.session.userId) throw new ParleyError('invalid-argument', 'That is you');
    parseConversationId(userConversationId(userId)); // throws for an id that is not one
    const found = await this.sessionInfo(1, userId);
    if (found) return found;
    const title = this.names.get(userId) ?? userId;
    return { id: userConversationId(userId), kind: 'direct', title, memberIds: [this.session.userId, userId], peerId: userId, createdAt: this.now(), lastActivityAt: this.now(), unreadCount: 0, muted: false, pinned: false };
  }

  async createGroup(req: { title: string; memberIds: Id[] }): Promise<ConversationData> {
    const data = await this.call('create group', { name: req.title, members: req.memberIds });
    const group = createGroupAnswerSchema.safeParse(data);
    if (!group.success) throw new ParleyError('server-error', 'Mingdao answered the new group with something unreadable');
    const { id, name, members } = group.data;
    const memberIds = [...new Set([this.session.userId, ...(members ?? req.memberIds)])];
    this.inbound.rememberMembers(id, memberIds);
    this.names.set(`group:${id}`, name ?? req.title);
    return { id: groupConversationId(id), kind: 'group', title: name ?? req.title, memberIds, ownerId: this.session.userId, createdAt: this.now(), lastActivityAt: this.now(), unreadCount: 0, muted: false, pinned: false };
  }

  /**
   * Leaves a group (`exit group`, Parley's server's extension; the document has none). An
   * inbox conversation is "left" by removing its session (`remove session`), as Mingdao's
   * own clients do; the next notice brings it back.
   */
  async leaveGroup(conversationId: Id): Promise<void> {
    const target = parseConversationId(conversationId);
    if (target.kind === 'user') throw new ParleyError('invalid-argument', 'A direct conversation cannot be left');
    if (target.kind === 'inbox') await this.call('remove session', this.sessionKey(target));
    else await this.call('exit group', { gid: target.id });
    this.inbound.forget(conversationId);
  }

  async getUsers(ids: Id[]): Promise<User[]> {
    return ids.map((id) => {
      const name = id === this.session.userId ? this.session.displayName : (this.names.get(id) ?? id);
      return { id, username: name, displayName: name };
    });
  }

  /**
   * Mingdao's socket has no user search. Parley finds people two ways: by name among those it
   * has seen (conversations, senders, group members), and by an exact Mingdao account ID,
   * looked up with `session info` (every colleague is a contact there).
   */
  async searchUsers(query: string): Promise<User[]> {
    const q = query.trim();
    if (!q) return [];
    const found = new Map<string, User>();
    const lower = q.toLowerCase();
    for (const [id, name] of this.names) {
      if (id.includes(':') || id === this.session.userId || !name.toLowerCase().includes(lower)) continue;
      found.set(id, { id, username: name, displayName: name });
      if (found.size >= 20) break;
    }
    if (q !== this.session.userId && !found.has(q) && mdIdSchema.safeParse(q).success) {
      const exact = await this.sessionInfo(1, q);
      if (exact?.peerId) found.set(exact.peerId, { id: exact.peerId, username: exact.title, displayName: exact.title });
    }
    return [...found.values()];
  }

  // --- messages -------------------------------------------------------------------------------

  async sendMessage(req: SendRequest): Promise<MessageData> {
    const target = this.sendable(req.conversationId);
    const startedAt = this.now();
    const [answer] = await this.connection.request(
      target.kind === 'user' ? 'send message' : 'send group message',
      target.kind === 'user' ? { touser: target.id, msg: req.text, type: 1 } : { togroup: target.id, msg: req.text, type: 1 },
    );
    const parsed = sendAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      // Something came back, but not an id: whether it was stored is unknown.
      this.log.warn('unreadable send ack');
      throw new ParleyError('timeout', 'Mingdao answered the message with something unreadable');
    }
    if ('error' in parsed.data) throw this.sendRefused(req.conversationId, target, parsed.data.error);
    return { conversationId: req.conversationId, id: parsed.data.id, nonce: req.nonce, senderId: this.session.userId, kind: 'text', text: req.text, sentAt: startedAt, status: 'sent' };
  }

  /**
   * A send with an unknown outcome. Mingdao has no history, so Parley looks at what it has:
   * a copy of the message pushed to this connection (sent from here, seen on another of the
   * user's connections), then the conversation's last message (`session info`). The last
   * message is ours with that text: it arrived. It is older than the attempt: nothing arrived
   * since, a resend is safe. Anything else (someone wrote after): Parley cannot tell, and
   * the message is marked failed for the user to retry rather than risk sending it twice.
   */
  async findSentMessage(req: { conversationId: Id; text: string; notBefore: number; exclude: Id[] }): Promise<MessageData | null> {
    const target = parseConversationId(req.conversationId);
    if (target.kind === 'inbox') return null;
    const copy = this.inbound.ownCopies.find(req);
    if (copy) return copy;
    const current = await this.sessionInfo(target.kind === 'user' ? 1 : 2, target.id);
    return settleFromSession(current, { ...req, me: this.session.userId });
  }

  /** Recall, for everyone: `withdraw user message` / `withdraw group message` (protocol notes). */
  async deleteMessage(req: { conversationId: Id; messageId: Id }): Promise<void> {
    const target = this.sendable(req.conversationId);
    await this.call(
      target.kind === 'user' ? 'withdraw user message' : 'withdraw group message',
      target.kind === 'user' ? { id: req.messageId, touser: target.id } : { id: req.messageId, togroup: target.id },
    );
  }

  /** `clear unread`: the server's count for the conversation goes to zero. */
  async markRead(req: { conversationId: Id; upToMessageId: Id }): Promise<void> {
    await this.call('clear unread', this.sessionKey(parseConversationId(req.conversationId)));
  }

  async setPinned(conversationId: Id, pinned: boolean): Promise<void> {
    await this.call('sticky on top', { ...this.sessionKey(parseConversationId(conversationId)), top: pinned });
  }

  /**
   * `shake shake` {aid, messageId} / `group shake` {toUser, gid, messageId}. The server stores
   * a type-6 line and pushes it to the others; this connection gets no copy, so the line on
   * my side is made here, under the messageId Parley chose.
   */
  async sendNudge(conversationId: Id): Promise<MessageData> {
    const target = this.sendable(conversationId);
    const messageId = randomUUID();
    try {
      await this.call(
        target.kind === 'user' ? 'shake shake' : 'group shake',
        target.kind === 'user' ? { aid: target.id, messageId } : { toUser: [], gid: target.id, messageId },
      );
    } catch (e) {
      if (e instanceof ParleyError && e.code === 'server-error' && /too frequent/.test(e.message)) {
        throw new ParleyError('forbidden', 'Mingdao allows one nudge every few seconds: try again in a moment');
      }
      if (e instanceof ParleyError && e.code === 'server-error' && /removeit/.test(e.message)) throw this.sendRefused(conversationId, target, 'removeit');
      throw e;
    }
    return { conversationId, id: messageId, senderId: this.session.userId, kind: 'nudge', text: '', sentAt: this.now(), status: 'sent' };
  }

  // --- plumbing -------------------------------------------------------------------------------

  /**
   * A request with a node-style ack `(err, data)`: the data, or a ParleyError with the
   * server's words ('server-error'), 'offline', or 'timeout'.
   */
  private async call(event: string, payload: Record<string, unknown>): Promise<unknown> {
    const [err, data] = await this.connection.request(event, payload);
    const parsed = ackErrorSchema.safeParse(err);
    if (!parsed.success) {
      this.log.warn('unreadable ack', { event });
      throw new ParleyError('server-error', `Mingdao answered "${event}" with something unreadable`);
    }
    if (parsed.data && typeof parsed.data === 'object') throw new ParleyError('server-error', `Mingdao refused "${event}": ${parsed.data.error.slice(0, 200)}`);
    return data;
  }

  /** `session info` {type, id}: one conversation as the server lists it; null when it has none. */
  private async sessionInfo(type: number, id: string): Promise<ConversationData | null> {
    let data: unknown;
    try {
      data = await this.call('session info', { type, id });
    } catch (e) {
      if (e instanceof ParleyError && e.code === 'server-error') return null;
      throw e;
    }
    if (data === null || data === undefined) return null;
    const item = sessionItemSchema.safeParse(data);
    if (!item.success) {
      this.log.warn('dropped a malformed session item', { issues: item.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
      return null;
    }
    return this.fromSession(item.data);
  }

  private fromSession(item: MdSession): ConversationData {
    if (item.type >= 3) this.inboxIds.set(item.type, item.id);
    if (item.name && item.type === 1) this.names.set(item.id, item.name);
    const conversation = toConversation(item, this.session.userId);
    this.inbound.noteKnown(conversation.id);
    if (item.type === 2) {
      this.names.set(`group:${item.id}`, conversation.title);
      const known = this.inbound.membersOf(item.id);
      if (known) conversation.memberIds = known;
    }
    const refused = this.inbound.refusal(conversation.id);
    if (refused) conversation.permissions = { send: false, reason: refused };
    if (item.type >= 3 && !item.name) conversation.title = inboxTitle(item.type);
    return conversation;
  }

  /** A conversation a message may go to: not an inbox; throws before anything is sent. */
  private sendable(conversationId: Id): Extract<MdTarget, { kind: 'user' | 'group' }> {
    const target = parseConversationId(conversationId);
    if (target.kind === 'inbox') throw new ParleyError('forbidden', INBOX_READ_ONLY);
    if (!this.closed && this.connection.state !== 'online') throw this.connection.notOnlineError();
    return target;
  }

  private sessionKey(target: MdTarget): { type: number; id: string } {
    if (target.kind === 'inbox') return { type: target.type, id: this.inboxIds.get(target.type) ?? String(target.type) };
    return { type: target.kind === 'user' ? 1 : 2, id: target.id };
  }

  /** The server refused a send; `removeit` and its kin mark the conversation read-only. */
  private sendRefused(conversationId: Id, target: MdTarget, error: string): ParleyError {
    if (REMOVED_ERRORS.has(error)) {
      const reason = target.kind === 'group' ? REMOVED_FROM_GROUP : REMOVED_CONTACT;
      this.inbound.refuse(conversationId, reason);
      return new ParleyError('forbidden', reason);
    }
    if (error === 'group not found') return new ParleyError('not-found', 'Mingdao has no such group');
    if (error === 'ban speak') {
      this.inbound.ban(conversationId);
      return new ParleyError('forbidden', BANNED);
    }
    return new ParleyError('server-error', `Mingdao refused the message: ${error.slice(0, 200)}`);
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
