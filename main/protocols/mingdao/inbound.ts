// Mingdao's pushes as Parley events: messages (1:1, group, inbox), recalls, unread clears,
// pins, shakes, and the group notices and member changes (partial conversation updates,
// `conversation-changed`). Handled one at a time in arrival order, because a message in a
// conversation Parley has not seen waits for that conversation to be looked up first.
//
// What the adapter knows beyond a single push lives here too: which conversations are known,
// group members as far as pushes told, and why a conversation is read-only (removeit,
// removed from the group, ban speak).

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConversationPermissions, Id } from '../../../contract/domain';
import type { AdapterEvent, ConversationData, MessageData } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import type { MingdaoConnection } from './connection';
import { OwnCopies } from './sent-messages';
import {
  clearUnreadSchema,
  conversationIdOf,
  groupConversationId,
  groupNoticeSchema,
  groupRenamedSchema,
  groupShakeSchema,
  INBOX_READ_ONLY,
  inboxConversationId,
  inboxMessageSchema,
  inboxTitle,
  memberAddedSchema,
  memberRemovedSchema,
  newGroupSchema,
  newMessageSchema,
  REMOVED_FROM_GROUP,
  removedFromGroupSchema,
  sessionRemovedSchema,
  speakSchema,
  stickySchema,
  toMessage,
  userConversationId,
  userShakeSchema,
  withdrawSchema,
  type MdMessage,
} from './wire';

export const BANNED = 'An admin has stopped members from writing in this group';
/** A type-6 line this recent from the same sender makes a shake push's own line unnecessary. */
const SHAKE_LINE_WINDOW_MS = 10_000;
const MAX_QUEUE = 10_000;

export interface InboundDeps {
  me: Id;
  connection: MingdaoConnection;
  log: Logger;
  now: () => number;
  emit: (event: AdapterEvent) => void;
  names: Map<string, string>;
  /** `session info`: the conversation as the server lists it, or null. */
  lookUp: (type: number, id: string) => Promise<ConversationData | null>;
  shakeLineWaitMs: number;
}

export class MingdaoInbound {
  readonly ownCopies = new OwnCopies();
  private readonly known = new Set<Id>();
  private readonly members = new Map<string, Set<string>>();
  private readonly refusals = new Map<Id, string>();
  private readonly banned = new Set<Id>();
  /** When a type-6 line last arrived, by conversation and sender. */
  private readonly shakeLines = new Map<string, number>();
  private readonly shakeTimers = new Set<ReturnType<typeof setTimeout>>();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private closed = false;

  constructor(private readonly deps: InboundDeps) {
    this.register();
  }

  close(): void {
    this.closed = true;
    for (const t of this.shakeTimers) clearTimeout(t);
    this.shakeTimers.clear();
  }

  noteKnown(conversationId: Id): void {
    this.known.add(conversationId);
  }

  /** The conversation is gone from the list (left, removed): a later message brings it back whole. */
  forget(conversationId: Id): void {
    this.known.delete(conversationId);
  }

  membersOf(groupId: string): Id[] | undefined {
    const set = this.members.get(groupId);
    return set ? [...set] : undefined;
  }

  rememberMembers(groupId: string, ids: Id[]): void {
    this.members.set(groupId, new Set([this.deps.me, ...ids]));
    this.known.add(groupConversationId(groupId));
  }

  /** Why sending is refused in a conversation, when it is. */
  refusal(conversationId: Id): string | undefined {
    return this.refusals.get(conversationId) ?? (this.banned.has(conversationId) ? BANNED : undefined);
  }

  /** Marks a conversation read-only (removeit, removed from the group): it stays, with its history. */
  refuse(conversationId: Id, reason: string): void {
    this.refusals.set(conversationId, reason);
    this.changed(conversationId, { permissions: this.permissions(conversationId) });
  }

  /** A group where an admin stopped members from writing ("ban speak", or a send refused so). */
  ban(conversationId: Id): void {
    this.banned.add(conversationId);
    this.changed(conversationId, { permissions: this.permissions(conversationId) });
  }

  private permissions(conversationId: Id): ConversationPermissions {
    const reason = this.refusal(conversationId);
    return reason ? { send: false, reason } : { send: true };
  }

  private register(): void {
    const c = this.deps.connection;
    const on = <T>(event: string, schema: z.ZodType<T>, handle: (data: T) => Promise<void> | void) =>
      c.on(event, schema, (data) => this.inOrder(event, () => handle(data)));

    on('new message', newMessageSchema, (m) => this.message(m, false));
    on('new group message', newMessageSchema, (m) => this.message(m, true));
    on('new inbox message', inboxMessageSchema, async (m) => {
      const conversationId = inboxConversationId(m.type);
      if (!this.known.has(conversationId)) {
        this.known.add(conversationId);
        const at = m.time ?? this.deps.now();
        this.deps.emit({
          type: 'conversation',
          conversation: { id: conversationId, kind: 'group', title: inboxTitle(m.type), memberIds: [this.deps.me], createdAt: at, lastActivityAt: at, unreadCount: 0, muted: false, pinned: false, permissions: { send: false, reason: INBOX_READ_ONLY } },
        });
      }
      const sentAt = m.time ?? this.deps.now();
      this.deps.emit({
        type: 'message',
        message: { conversationId, id: m.id ?? `inbox-${m.type}-${sentAt}`, senderId: m.value ? `mingdao:${m.value}` : 'mingdao:system', kind: 'text', text: m.msg.con, sentAt, status: 'sent' },
      });
    });
    on('withdraw message', withdrawSchema, (w) => {
      const other = w.from === this.deps.me ? w.to : w.from;
      const conversationId = w.gid ? groupConversationId(w.gid) : other ? userConversationId(other) : undefined;
      if (!conversationId) return void this.deps.log.warn('dropped a recall that names no conversation');
      this.deps.emit({ type: 'message-removed', conversationId, messageId: w.id });
    });
    on('sticky on top', stickySchema, (s) => this.changed(conversationIdOf(s.type, s.id), { pinned: s.top }));
    on('clear unread', clearUnreadSchema, (s) => this.changed(conversationIdOf(s.type, s.id), { unreadCount: 0 }));
    on('clear all unread', z.unknown(), () => {
      for (const id of this.known) this.deps.emit({ type: 'conversation-changed', conversationId: id, changes: { unreadCount: 0 } });
    });
    on('shake shake', userShakeSchema, (s) => this.shake(userConversationId(s.aid), s.aid));
    on('group shake', groupShakeSchema, (s) => this.shake(groupConversationId(s.gid), s.from));
    on('new group', newGroupSchema, (g) => {
      const conversationId = groupConversationId(g.id);
      const wasKnown = this.known.has(conversationId);
      if (g.members) this.rememberMembers(g.id, g.members);
      else if (!this.members.has(g.id)) this.members.set(g.id, new Set([this.deps.me]));
      this.refusals.delete(conversationId);
      const title = g.name || this.deps.names.get(`group:${g.id}`) || g.id;
      this.deps.names.set(`group:${g.id}`, title);
      if (wasKnown) return this.changed(conversationId, { title, memberIds: this.membersOf(g.id)!, permissions: this.permissions(conversationId) });
      this.known.add(conversationId);
      const now = this.deps.now();
      this.deps.emit({
        type: 'conversation',
        conversation: {
          id: conversationId,
          kind: 'group',
          title,
          memberIds: this.membersOf(g.id)!,
          ...(g.cuser ? { ownerId: g.cuser } : {}),
          ...(g.logo ? { avatarUrl: g.logo } : {}),
          createdAt: now,
          lastActivityAt: now,
          unreadCount: 0,
          muted: g.isPush === false,
          pinned: false,
        },
      });
    });
    on('group member added', memberAddedSchema, (a) => {
      const conversationId = groupConversationId(a.id);
      const set = this.members.get(a.id) ?? new Set([this.deps.me]);
      for (const u of a.users) {
        set.add(u.AccountID);
        if (u.Fullname) this.deps.names.set(u.AccountID, u.Fullname);
      }
      this.members.set(a.id, set);
      if (a.users.some((u) => u.AccountID === this.deps.me)) this.refusals.delete(conversationId);
      this.changed(conversationId, { memberIds: [...set], permissions: this.permissions(conversationId) });
    });
    on('group member removed', memberRemovedSchema, (r) => {
      const conversationId = groupConversationId(r.id);
      if (r.aid === this.deps.me) return this.refuse(conversationId, REMOVED_FROM_GROUP);
      const set = this.members.get(r.id);
      if (!set) return;
      set.delete(r.aid);
      this.changed(conversationId, { memberIds: [...set] });
    });
    on('removed from group', removedFromGroupSchema, (r) => this.refuse(groupConversationId(r.id), REMOVED_FROM_GROUP));
    on('group renamed', groupRenamedSchema, (r) => {
      this.deps.names.set(`group:${r.gid}`, r.name);
      this.changed(groupConversationId(r.gid), { title: r.name });
    });
    on('set group notice', groupNoticeSchema, (n) => this.changed(groupConversationId(n.gid), { muted: !n.isPush }));
    on('ban speak', speakSchema, (b) => this.ban(groupConversationId(b.groupid)));
    on('permit speak', speakSchema, (b) => {
      const conversationId = groupConversationId(b.groupid);
      this.banned.delete(conversationId);
      this.changed(conversationId, { permissions: this.permissions(conversationId) });
    });
    on('session removed', sessionRemovedSchema, (s) => {
      const conversationId = conversationIdOf(s.type, s.id);
      this.forget(conversationId);
      this.deps.emit({ type: 'conversation-removed', conversationId });
    });
  }

  /** Runs pushes one at a time, in order; a flood beyond MAX_QUEUE is dropped (and said). */
  private inOrder(event: string, work: () => Promise<void> | void): void {
    if (this.closed) return;
    if (this.queued >= MAX_QUEUE) return void this.deps.log.warn('dropped a push: too many waiting', { event });
    this.queued++;
    this.chain = this.chain
      .then(work)
      .catch((e: unknown) => this.deps.log.error('push handling failed', { event, error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.queued--;
      });
  }

  private async message(m: MdMessage, group: boolean): Promise<void> {
    const { me } = this.deps;
    if (m.uname) this.deps.names.set(m.from, m.uname);
    if (group && m.groupname) this.deps.names.set(`group:${m.to}`, m.groupname);
    const message = toMessage(m, me, group, this.deps.now());
    if (message.kind === 'nudge') this.shakeLines.set(`${message.conversationId}|${m.from}`, this.deps.now());
    if (m.from === me) this.ownCopies.add(message);
    await this.ensureKnown(message.conversationId, group ? 2 : 1, group ? m.to : m.from === me ? m.to : m.from, group ? m.groupname : m.uname);
    this.deps.emit({ type: 'message', message });
  }

  /**
   * A conversation seen for the first time in a push: looked up (`session info`) so it arrives
   * whole, with the server's unread count; a placeholder when the server cannot say.
   */
  private async ensureKnown(conversationId: Id, type: 1 | 2, id: string, name: string | undefined): Promise<void> {
    if (this.known.has(conversationId)) return;
    this.known.add(conversationId);
    let conversation: ConversationData | null = null;
    try {
      conversation = await this.deps.lookUp(type, id);
    } catch (e) {
      this.deps.log.info('could not look up a new conversation', { error: e instanceof Error ? e.message : String(e) });
    }
    if (!conversation) {
      const now = this.deps.now();
      const title = name || this.deps.names.get(type === 1 ? id : `group:${id}`) || id;
      conversation = {
        id: conversationId,
        kind: type === 1 ? 'direct' : 'group',
        title,
        memberIds: type === 1 ? [this.deps.me, id] : (this.membersOf(id) ?? [this.deps.me]),
        ...(type === 1 ? { peerId: id } : {}),
        createdAt: now,
        lastActivityAt: now,
        unreadCount: 0,
        muted: false,
        pinned: false,
      };
    }
    this.deps.emit({ type: 'conversation', conversation });
  }

  /**
   * A shake push ("shake shake" {aid} / "group shake" {from, gid}). Parley's server also sends
   * the type-6 timeline message; a server that sends only the push still gets a line, made
   * here once the message has had time to come.
   */
  private shake(conversationId: Id, from: Id): void {
    if (from === this.deps.me) return;
    const key = `${conversationId}|${from}`;
    const seen = () => {
      const at = this.shakeLines.get(key);
      return at !== undefined && this.deps.now() - at < SHAKE_LINE_WINDOW_MS;
    };
    if (seen()) return;
    const timer = setTimeout(() => {
      this.shakeTimers.delete(timer);
      if (this.closed || seen()) return;
      this.shakeLines.set(key, this.deps.now());
      const message: MessageData = { conversationId, id: `shake-${randomUUID()}`, senderId: from, kind: 'nudge', text: '', sentAt: this.deps.now(), status: 'sent' };
      this.inOrder('shake shake', async () => {
        const group = conversationId.startsWith('group:');
        const id = conversationId.slice(conversationId.indexOf(':') + 1);
        await this.ensureKnown(conversationId, group ? 2 : 1, id, undefined);
        this.deps.emit({ type: 'message', message });
      });
    }, this.deps.shakeLineWaitMs);
    this.shakeTimers.add(timer);
  }

  private changed(conversationId: Id, changes: Extract<AdapterEvent, { type: 'conversation-changed' }>['changes']): void {
    this.deps.emit({ type: 'conversation-changed', conversationId, changes });
  }
}
