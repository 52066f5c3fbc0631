// The Netalo adapter: Parley's operations as Netalo requests, Netalo pushes as Parley events.
// The socket itself (life cycle, acks, validation of what arrives) is connection.ts; user
// lookups and sign-in are HTTP (http.ts, Parley's reference server).

import type { z } from 'zod';
import type { Id, Page, Presence, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type {
  AdapterEvent,
  AdapterSession,
  CallAnswer,
  CallEventOut,
  CallStarted,
  ChangePage,
  ConversationData,
  GroupUpdate,
  MessageData,
  ProtocolAdapter,
} from '../../core/adapter';
import type { CallMedia, CallMediaSignal } from '../../../contract/domain';
import { CALL_EVENT, NetaloCalls, type GroupInfo } from './calls';
import { errorName, type Logger } from '../../core/logger';
import { netaloCapabilities } from './capabilities';
import { NetaloConnection, type ConnectionOptions, type ConnectionState } from './connection';
import { httpFailure, httpJson } from './http';
import { DeliveredMarks } from './delivered-marks';
import { GROUP_COMMUNITY, GROUP_PRIVATE, GROUP_PUBLIC, MESSAGE_TEXT, changePosition, directPeer, mapGroup, mapMessage, mapUser, toMs } from './mapping';
import { MESSAGE_SYSTEM } from './system-messages';
import { attachmentsToWire, downloadFile, messageTypeFor, uploadFile } from './files';
import type { OutgoingFile, UploadedFile } from '../../core/adapter';
import {
  ackSchema,
  deleteGroupSchema,
  deleteMessageSchema,
  describeIssues,
  eventSchema,
  groupAckSchema,
  groupRefSchema,
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
/** `event` types (document: Event): typing starts / stops. */
const EVENT_TYPING_START = 8;
const EVENT_TYPING_STOP = 9;
/**
 * A "typing" that is not renewed lapses after this long: the sender's composer repeats
 * type 8 every few seconds while the user types, and a lost type 9 must not leave
 * "Bob is typing…" up for ever.
 */
export const TYPING_LAPSES_MS = 6_000;
/** update_message statuses (protocol notes): 2 received, 3 seen. */
const STATUS_RECEIVED = 2;
const STATUS_SEEN = 3;
/** register_profile_token types: 3 is the web / desktop client. */
const PROFILE_TOKEN_DESKTOP = 3;

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
  private readonly delivered: DeliveredMarks;
  /** Every conversation's kind and members as last seen: who a call rings, and whether it is a group call. */
  private readonly groups = new Map<Id, GroupInfo>();
  private readonly calls: NetaloCalls;

  constructor(
    private readonly session: AdapterSession,
    log: Logger,
    options: NetaloAdapterOptions = {},
  ) {
    this.log = log.child('netalo');
    this.connection = new NetaloConnection(session, this.log, (e) => this.emit(e), options);
    this.delivered = new DeliveredMarks((conversationId, messageId) => this.sendStatus(conversationId, messageId, STATUS_RECEIVED), this.log);
    this.calls = new NetaloCalls(this.connection, session, this.log.child('calls'), (e) => this.emit(e), (id) => this.groups.get(id));
    this.registerPushes();
    this.calls.registerPushes();
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
    this.delivered.stop();
    this.connection.close();
  }

  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitMessage(m: NetaloMessage): void {
    this.emit({ type: 'message', message: mapMessage(m), position: changePosition(m) });
  }

  /** A message from someone else reached this device: tell the server (and so its sender). */
  private noteDelivered(messages: readonly NetaloMessage[]): void {
    let newest: NetaloMessage | undefined;
    for (const m of messages) {
      if (m.sender_uin === this.session.userId || m.deleted || m.type === MESSAGE_SYSTEM) continue;
      if (!newest || BigInt(m.message_id) > BigInt(newest.message_id)) newest = m;
    }
    if (newest) this.delivered.note(newest.group_id, newest.message_id);
  }

  /** Members' presence as a group object carries it (status_list), for the member panel. */
  private emitStatuses(groups: readonly NetaloGroup[]): void {
    for (const g of groups) for (const s of g.status_list ?? []) if (s.uin !== this.session.userId) this.emitPresence(s);
  }

  private emitPresence(s: { uin: Id; online_status: number; message_status?: string | null | undefined; last_seen_at?: number | null | undefined }): void {
    const lastSeenAt = s.last_seen_at ? toMs(s.last_seen_at) : undefined;
    const presence: Omit<Presence, 'accountId'> = {
      userId: s.uin,
      online: s.online_status === 1,
      ...(lastSeenAt !== undefined ? { lastSeenAt } : {}),
      ...(s.message_status ? { statusText: s.message_status } : {}),
    };
    this.emit({ type: 'presence', presence });
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
    c.onPush('message', messageSchema, (m) => {
      this.emitMessage(m);
      this.noteDelivered([m]);
    });
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
    // `group`: I was added, or a peer's first message is about to arrive; `update_group`: any
    // change, including receipts (my other session read it: unread_cnt drops). Both are a
    // fresh copy of the whole group, as seen by me.
    const onGroup = async (g: NetaloGroup) => {
      this.emit({ type: 'conversation', conversation: await this.toConversation(g) });
      this.emitStatuses([g]);
    };
    c.onPush('group', groupSchema, onGroup);
    c.onPush('update_group', groupSchema, onGroup);
    const removed = (d: { group_id: Id }) => this.emit({ type: 'conversation-removed', conversationId: d.group_id });
    c.onPush('delete_group', deleteGroupSchema, removed);
    // My other session cleared its history of the group: it is gone from my list too.
    c.onPush('delete_conversation', groupRefSchema, removed);
    // My other session muted / pinned: mine follows.
    const changed = (changes: { muted: boolean } | { pinned: boolean }) => (d: { group_id: Id }) =>
      this.emit({ type: 'conversation-changed', conversationId: d.group_id, changes });
    c.onPush('mute_group', groupRefSchema, changed({ muted: true }));
    c.onPush('unmute_group', groupRefSchema, changed({ muted: false }));
    c.onPush('pin_group', groupRefSchema, changed({ pinned: true }));
    c.onPush('unpin_group', groupRefSchema, changed({ pinned: false }));
    c.onPush('user_status', userStatusSchema, (s) => this.emitPresence(s));
    c.onPush('event', eventSchema, (e) => {
      // Types 1–7 are calls; an unknown type is ignored, never an error.
      if (e.type >= CALL_EVENT.cancel && e.type <= CALL_EVENT.availability) return this.calls.onCallEvent(e);
      if (e.type !== EVENT_TYPING_START && e.type !== EVENT_TYPING_STOP) return;
      if (!e.group_id || !e.sender_uin) {
        this.log.warn('dropped a typing event without its group or sender', { type: e.type });
        return;
      }
      if (e.sender_uin === this.session.userId) return;
      const typing = e.type === EVENT_TYPING_START;
      this.emit({
        type: 'typing',
        typing: {
          conversationId: e.group_id,
          userId: e.sender_uin,
          typing,
          ...(typing ? { expiresAt: Date.now() + TYPING_LAPSES_MS } : {}),
        },
      });
    });
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
    const items = groups.map((g) => this.mapGroup(g));
    this.emitStatuses(groups);
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
    // What a resync catches up on reached this device as much as a push does.
    this.noteDelivered(messages);
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
      const page = this.validItems('list_message', ack.messages, messageSchema);
      this.noteDelivered(page);
      found.push(...page);
      count = ack.messages.length;
    }
    // A page may repeat an item when messages arrive while we page: keep each message once.
    const unique = [...new Map(found.map((m) => [m.message_id, m])).values()];
    const newer = unique.filter((m) => BigInt(m.message_id) > BigInt(after)).sort((a, b) => (BigInt(a.message_id) < BigInt(b.message_id) ? -1 : 1));
    return { items: newer.map((m) => ({ message: mapMessage(m), position: m.message_id })), more: false };
  }

  async sendMessage(req: { conversationId: Id; text: string; nonce: string; attachments?: UploadedFile[] }): Promise<MessageData> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const files = req.attachments ?? [];
    const ack = await this.connection.request(
      'create_message',
      {
        group_id,
        type: files.length > 0 ? messageTypeFor(files) : MESSAGE_TEXT,
        ...(files.length > 0 ? { attachments: attachmentsToWire(files) } : {}),
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

  /** POST /api/v1/files with the session: the file, streamed from the outbox's staged copy. */
  uploadFile(req: { file: OutgoingFile; signal: AbortSignal; onProgress: (sent: number, total: number) => void }): Promise<UploadedFile> {
    return uploadFile(this.session.serverUrl, this.session.secret.value, req);
  }

  /** GET /api/v1/files/<id> with the session: a received file's bytes, for the core's attachment store. */
  fetchAttachment(source: string, opts: { signal?: AbortSignal }): Promise<Uint8Array> {
    return downloadFile(this.session.serverUrl, this.session.secret.value, source, opts.signal);
  }

  /** update_message with a text: the sender's edit (the server refuses anyone else's, result 4, with its reason). */
  async editMessage(req: { conversationId: Id; messageId: Id; text: string }): Promise<MessageData> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const message_id = checkId(req.messageId, 'messageId');
    // An empty text is the receipt form of update_message: it would never be an edit.
    if (req.text.trim() === '') throw new ParleyError('invalid-argument', 'A message cannot be empty');
    const ack = await this.connection.request('update_message', { group_id, message_id, message: req.text }, messageAckSchema);
    return mapMessage(ack.message);
  }

  /** delete_message: for everyone, by the sender only; answers with the tombstone. */
  async deleteMessage(req: { conversationId: Id; messageId: Id }): Promise<MessageData> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const message_id = checkId(req.messageId, 'messageId');
    const ack = await this.connection.request('delete_message', { group_id, message_id }, messageAckSchema);
    return mapMessage({ ...ack.message, deleted: true });
  }

  // ---- groups, requests, mute / pin / block, receipts, typing, device ----

  async createGroup(req: { title: string; memberIds: Id[]; groupType?: 'community' | 'public' }): Promise<ConversationData> {
    const me = this.session.userId;
    const others = [...new Set(req.memberIds.map((id) => checkId(id, 'member id')))].filter((id) => id !== me);
    const ack = await this.connection.request(
      'create_group',
      {
        type: req.groupType === 'public' ? GROUP_PUBLIC : GROUP_COMMUNITY,
        name: req.title,
        owner_uin: me,
        occupants_uins: [me, ...others],
      },
      groupAckSchema,
    );
    return this.toConversation(ack.group);
  }

  async updateGroup(req: GroupUpdate): Promise<ConversationData> {
    const payload: Record<string, unknown> = { group_id: checkId(req.conversationId, 'conversationId') };
    if (req.title !== undefined) payload['name'] = req.title;
    if (req.avatarUrl !== undefined) payload['avatar_url'] = req.avatarUrl;
    if (req.ownerId !== undefined) payload['owner_uin'] = checkId(req.ownerId, 'ownerId');
    if (req.addMemberIds?.length) payload['push_all'] = req.addMemberIds.map((id) => checkId(id, 'member id'));
    if (req.removeMemberIds?.length) payload['pull_all'] = req.removeMemberIds.map((id) => checkId(id, 'member id'));
    const ack = await this.connection.request('update_group', payload, groupAckSchema);
    return this.toConversation(ack.group);
  }

  async leaveGroup(conversationId: Id): Promise<void> {
    await this.groupRequest('leave_group', conversationId);
  }

  async clearHistory(conversationId: Id): Promise<void> {
    await this.groupRequest('delete_conversation', conversationId);
  }

  async acceptRequest(conversationId: Id): Promise<void> {
    await this.groupRequest('accept_group', conversationId);
  }

  async setMuted(conversationId: Id, muted: boolean): Promise<void> {
    await this.groupRequest(muted ? 'mute_group' : 'unmute_group', conversationId);
  }

  async setPinned(conversationId: Id, pinned: boolean): Promise<void> {
    await this.groupRequest(pinned ? 'pin_group' : 'unpin_group', conversationId);
  }

  async setBlocked(req: { conversationId: Id; userId: Id; blocked: boolean }): Promise<void> {
    const group_id = checkId(req.conversationId, 'conversationId');
    const uin = checkId(req.userId, 'userId');
    if (req.blocked) await this.connection.request('block_user', { group_id, blocked_uin: uin }, ackSchema);
    // The document's unblock example sends blocked_uin, real clients unblocked_uin: send both.
    else await this.connection.request('unblock_user', { group_id, unblocked_uin: uin, blocked_uin: uin }, ackSchema);
  }

  async markRead(req: { conversationId: Id; upToMessageId: Id }): Promise<void> {
    await this.sendStatus(checkId(req.conversationId, 'conversationId'), checkId(req.upToMessageId, 'upToMessageId'), STATUS_SEEN);
  }

  /** Fire and forget: a lost typing packet only means the indicator lapses by itself. */
  setTyping(req: { conversationId: Id; typing: boolean }): void {
    const payload = {
      type: req.typing ? EVENT_TYPING_START : EVENT_TYPING_STOP,
      group_id: checkId(req.conversationId, 'conversationId'),
      sender_uin: this.session.userId,
      receiver_uin: '',
      data: '',
    };
    this.connection.request('event', payload, ackSchema).catch((e: unknown) => this.log.debug('typing not sent', { error: errorName(e) }));
  }

  async registerDevice(token: string): Promise<void> {
    await this.connection.request('register_profile_token', { uin: this.session.userId, type: PROFILE_TOKEN_DESKTOP, token }, ackSchema);
  }

  async unregisterDevice(token: string): Promise<void> {
    await this.connection.request('unregister_profile_token', { uin: this.session.userId, token }, ackSchema);
  }

  /** A request that names one group and answers with nothing but its result. */
  private async groupRequest(event: string, conversationId: Id): Promise<void> {
    await this.connection.request(event, { group_id: checkId(conversationId, 'conversationId') }, ackSchema);
  }

  /** update_message with a status: my received / seen mark moves up to this message. */
  private async sendStatus(group_id: Id, message_id: Id, status: number): Promise<void> {
    await this.connection.request('update_message', { group_id, message_id, status, message: '' }, ackSchema);
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
    return this.mapGroup(g);
  }

  private mapGroup(g: NetaloGroup): ConversationData {
    const conversation = mapGroup(g, this.session.userId, (id) => this.users.get(id)?.displayName);
    this.groups.set(conversation.id, { direct: conversation.kind === 'direct', memberIds: conversation.memberIds });
    return conversation;
  }

  // ---- calls (calls.ts) ----

  startCall(req: { conversationId: Id; media: CallMedia }): Promise<CallStarted> {
    return this.calls.startCall(req);
  }

  answerCall(req: { callId: Id; conversationId: Id; answer: CallAnswer }): Promise<{ joinedIds: Id[] }> {
    return this.calls.answerCall(req);
  }

  stopCall(req: { callId: Id; conversationId: Id; reason?: 'hung-up' | 'failed' | 'quit' | 'signed-out' }): Promise<void> {
    return this.calls.stopCall(req);
  }

  callStatus(req: { callId: Id; conversationId: Id }): Promise<'ongoing' | 'timeout' | 'finished'> {
    return this.calls.callStatus(req);
  }

  sendCallMedia(req: { callId: Id; conversationId: Id; toUserId: Id; signal: CallMediaSignal }): Promise<void> {
    return this.calls.sendCallMedia(req);
  }

  sendCallEvent(req: { callId: Id; conversationId: Id; toUserIds: Id[]; event: CallEventOut }): Promise<void> {
    return this.calls.sendCallEvent(req);
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
