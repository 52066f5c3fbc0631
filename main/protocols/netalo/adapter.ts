// The Netalo adapter: Parley's operations as Netalo requests, Netalo pushes as Parley events.
// The socket itself (life cycle, acks, validation of what arrives) is connection.ts; user
// lookups and sign-in are HTTP (http.ts, Parley's reference server).

import type { z } from 'zod';
import type { Id, Page, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, AdapterSession, ChangePage, ConversationData, MessageData, ProtocolAdapter } from '../../core/adapter';
import { errorName, type Logger } from '../../core/logger';
import { netaloCapabilities } from './capabilities';
import { NetaloConnection, type ConnectionOptions, type ConnectionState } from './connection';
import { httpFailure, httpJson } from './http';
import { GROUP_PRIVATE, MESSAGE_TEXT, changePosition, directPeer, mapGroup, mapMessage, mapUser, toMs } from './mapping';
import {
  deleteGroupSchema,
  deleteMessageSchema,
  describeIssues,
  groupAckSchema,
  groupSchema,
  idSchema,
  listGroupAckSchema,
  listMessageAckSchema,
  messageAckSchema,
  messageSchema,
  usersAnswerSchema,
  userStatusSchema,
  type NetaloGroup,
  type NetaloMessage,
} from './schemas';

export type NetaloAdapterOptions = ConnectionOptions;

const PAGE_MAX = 100; // server/PROTOCOL.md: psize ≤ 100
const USERS_PER_LOOKUP = 200; // server/PROTOCOL.md: ?uins= answers at most 200
/** A server without the change feed answers resyncs by `last_seen_message_id`, newest first: at most this many pages. */
const CATCH_UP_PAGES_MAX = 50;

export class NetaloAdapter implements ProtocolAdapter {
  readonly capabilities = netaloCapabilities;
  /** The server deduplicates create_message on (sender, group, nonce): a resend is always safe. */
  readonly sendConfirmation = 'nonce' as const;

  private readonly log: Logger;
  private readonly connection: NetaloConnection;
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  private closed = false;
  /** Display names for direct-conversation titles; filled by every users lookup. */
  private readonly users = new Map<Id, User>();

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: NetaloAdapterOptions = {},
  ) {
    this.log = log.child('netalo');
    this.connection = new NetaloConnection(session, this.log, (e) => this.emit(e), options);
    this.registerPushes();
  }

  /** For diagnostics and tests: where the connection stands. */
  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  /** For diagnostics and tests: whether a (re)connection is under way or scheduled. */
  get reconnecting(): boolean {
    return this.connection.reconnecting;
  }

  connect(): void {
    if (!this.closed) this.connection.connect();
  }

  checkConnection(): void {
    this.connection.probe();
  }

  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.connection.close();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitMessage(m: NetaloMessage): void {
    this.emit({ type: 'message', message: mapMessage(m), position: changePosition(m) });
  }

  private emit(event: AdapterEvent): void {
    if (this.closed) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.log.error('event listener threw', { event: event.type, error: errorName(e) });
      }
    }
  }

  private registerPushes(): void {
    const c = this.connection;
    c.onPush('message', messageSchema, (m) => this.emitMessage(m));
    c.onPush('update_message', messageSchema, (m) => {
      // Real servers also push update_message with a status and no text to say a message was
      // received or seen: a receipt, never an edit to empty text.
      if (m.message === '' && !m.deleted) return;
      this.emitMessage(m);
    });
    c.onPush('delete_message', deleteMessageSchema, (d) => {
      if (d.message) this.emitMessage({ ...d.message, deleted: true });
      else this.emit({ type: 'message-removed', conversationId: d.group_id, messageId: d.message_id });
    });
    const onGroup = async (g: NetaloGroup) => this.emit({ type: 'conversation', conversation: await this.toConversation(g) });
    c.onPush('group', groupSchema, onGroup);
    c.onPush('update_group', groupSchema, onGroup);
    c.onPush('delete_group', deleteGroupSchema, (d) => this.emit({ type: 'conversation-removed', conversationId: d.group_id }));
    c.onPush('user_status', userStatusSchema, (s) => {
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
  }

  // ---- operations ----

  async listConversations(req: { cursor?: string; limit: number }): Promise<Page<ConversationData>> {
    const pindex = req.cursor === undefined ? 0 : Number(req.cursor);
    if (!Number.isSafeInteger(pindex) || pindex < 0) throw new ParleyError('invalid-argument', 'bad cursor');
    const psize = pageSize(req.limit);
    const ack = await this.connection.request(
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
      const found = await this.connection.request('check_group', { type: GROUP_PRIVATE, occupants_uins }, groupAckSchema);
      return await this.toConversation(found.group);
    } catch (e) {
      if (!(e instanceof ParleyError && e.code === 'not-found')) throw e;
    }
    // Creating an existing 1:1 group returns it, so a race with the peer is harmless.
    const created = await this.connection.request(
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
    const ack = await this.connection.request('list_message', payload, listMessageAckSchema);
    const items = this.validItems('list_message', ack.messages, messageSchema).map(mapMessage);
    const oldest = items.at(-1)?.id; // newest first
    return ack.messages.length >= psize && oldest ? { items, nextCursor: oldest } : { items };
  }

  async listChanges(req: { conversationId: Id; after?: string; limit: number }): Promise<ChangePage> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const psize = pageSize(req.limit);
    if (req.after === undefined) {
      const ack = await this.connection.request('list_message', { group_id, psize: 1 }, listMessageAckSchema);
      const newest = this.validItems('list_message', ack.messages, messageSchema)[0];
      return { items: [], more: false, ...(newest ? { head: changePosition(newest) } : {}) };
    }
    const after = checkId(req.after, 'after');
    // `changed_after` is the reference server's change feed; `last_seen_message_id` is the
    // document's own bound, which a server without the feed answers instead (new messages only).
    const ack = await this.connection.request(
      'list_message',
      { group_id, changed_after: after, last_seen_message_id: after, psize },
      listMessageAckSchema,
    );
    const messages = this.validItems('list_message', ack.messages, messageSchema);
    if (messages.every((m) => m.change_id != null)) {
      return { items: messages.map((m) => ({ message: mapMessage(m), position: changePosition(m) })), more: ack.messages.length >= psize };
    }
    return this.catchUpWithoutFeed(group_id, after, psize, messages, ack.messages.length);
  }

  /** Every message created after `after`, from a server that pages newest first. */
  private async catchUpWithoutFeed(group_id: Id, after: string, psize: number, first: NetaloMessage[], firstCount: number): Promise<ChangePage> {
    const found = [...first];
    let count = firstCount;
    for (let pindex = 1; count >= psize && pindex < CATCH_UP_PAGES_MAX; pindex++) {
      const ack = await this.connection.request('list_message', { group_id, last_seen_message_id: after, pindex, psize }, listMessageAckSchema);
      found.push(...this.validItems('list_message', ack.messages, messageSchema));
      count = ack.messages.length;
    }
    // A page may repeat an item when messages arrive while we page: keep each message once.
    const unique = [...new Map(found.map((m) => [m.message_id, m])).values()];
    const newer = unique.filter((m) => BigInt(m.message_id) > BigInt(after)).sort((a, b) => (BigInt(a.message_id) < BigInt(b.message_id) ? -1 : 1));
    return { items: newer.map((m) => ({ message: mapMessage(m), position: m.message_id })), more: false };
  }

  async sendMessage(req: { conversationId: Id; text: string; nonce: string }): Promise<MessageData> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const ack = await this.connection.request(
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
      session: this.session.secret.value,
    });
    if (answer.status !== 200) throw httpFailure(answer, 'User lookup');
    const parsed = usersAnswerSchema.safeParse(answer.body);
    if (!parsed.success) throw this.connection.malformed('users', parsed.error);
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
