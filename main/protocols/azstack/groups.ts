// AZStack groups (notes, service table 42–198): the groups I am in (147, details 148), creating
// (42), inviting (44), leaving or removing someone (43), renaming (150) and changing the admin
// (159), and the notifications of each (143/144/145/152/160/197) as conversation changes and
// timeline lines. Group operations are numbered from the msgId counter; the ack echoes the
// msgId. A line in the timeline is keyed like a message: (who did it, msgId), as history has it.

import { z } from 'zod';
import type { Id, SystemEvent } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AdapterEvent, ConversationData, GroupUpdate } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import type { AzConnection, AzMe } from './connection';
import { chatOf, conversationIdOf, messageIdOf, userIdOf } from './mapping';
import {
  adminChangedSchema,
  CHAT_GROUP,
  decodeBody,
  groupCreatedSchema,
  groupDetailsSchema,
  groupListItemSchema,
  invitedSchema,
  leftSchema,
  renamedSchema,
  S,
} from './wire';

interface GroupState {
  id: number;
  name: string;
  admin?: number;
  members: number[];
  /** 0 private, 1 public */
  type?: number;
  created?: number;
}

const groupAckSchema = z.object({ r: z.number().int(), msgId: z.unknown() }).passthrough();
const MAX_NAME = 64;

export class AzGroups {
  private readonly groups = new Map<number, GroupState>();
  private requestIds = 0;
  private lane: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: AzConnection,
    private readonly me: () => AzMe,
    private readonly nextId: () => number,
    private readonly emit: (event: AdapterEvent) => void,
    private readonly log: Logger,
    private readonly known: (conversationId: Id) => void,
  ) {}

  /** The groups I am in, from 147 (its ack is a bare array: one request at a time). */
  async refresh(): Promise<void> {
    const run = this.lane.then(() => this.connection.request(S.groups, {}, z.array(z.unknown()).max(5000), () => true));
    this.lane = run.catch(() => undefined);
    const list = await run;
    this.groups.clear();
    for (const raw of list) {
      const g = decodeBody(S.groups, groupListItemSchema, raw, this.log);
      if (g) this.groups.set(g.groupId, { id: g.groupId, name: g.name ?? `Group ${g.groupId}`, ...(g.admin !== undefined ? { admin: g.admin } : {}), members: g.members ?? [] });
    }
  }

  all(): ConversationData[] {
    return [...this.groups.keys()].map((id) => this.conversation(id)!);
  }

  conversation(groupId: number): ConversationData | undefined {
    const g = this.groups.get(groupId);
    if (!g) return undefined;
    return {
      id: conversationIdOf({ type: CHAT_GROUP, chatId: g.id }),
      kind: 'group',
      title: g.name,
      memberIds: g.members.map(String),
      ...(g.admin !== undefined ? { ownerId: String(g.admin) } : {}),
      groupType: g.type === 1 ? 'public' : 'private',
      createdAt: g.created ?? 0,
      lastActivityAt: g.created ?? 0,
      unreadCount: 0,
      muted: false,
      pinned: false,
    };
  }

  /** A group's details (148), e.g. for one a message arrived in before it was listed. */
  async details(groupId: number): Promise<ConversationData | undefined> {
    const requestId = `g${++this.requestIds}`;
    const d = await this.connection.request(S.groupDetails, { group: groupId, requestId }, groupDetailsSchema, (a) => String(a.requestId) === requestId);
    if (d.r !== undefined && d.r !== 0) return undefined;
    this.keep({ id: d.group, name: d.name ?? `Group ${d.group}`, ...(d.admin !== undefined ? { admin: d.admin } : {}), members: (d.members ?? []).map((m) => m.userId), ...(d.type !== undefined ? { type: d.type } : {}) });
    return this.conversation(d.group);
  }

  async create(req: { title: string; memberIds: Id[]; groupType?: 'community' | 'public' }): Promise<ConversationData> {
    const me = this.me();
    const name = checkName(req.title);
    const members = [...new Set(req.memberIds.map(userIdOf))].filter((id) => id !== me.userId);
    const msgId = this.nextId();
    const ack = await this.request(S.createGroup, { msgId, type: req.groupType === 'public' ? 1 : 0, name, members }, msgId, 1);
    const created = decodeBody(S.createGroup, groupCreatedSchema, ack, this.log);
    if (!created) throw new ParleyError('server-error', 'AZStack answered the new group with something unreadable');
    const state: GroupState = {
      id: created.group,
      name: created.name ?? name,
      admin: created.admin ?? me.userId,
      members: created.members && created.members.length > 0 ? [...new Set([me.userId, ...created.members])] : [me.userId, ...members],
      type: created.type ?? (req.groupType === 'public' ? 1 : 0),
      ...(created.created !== undefined ? { created: created.created } : {}),
    };
    this.keep(state);
    this.line(state.id, me.userId, msgId, { action: 'created', actorId: String(me.userId), title: state.name }, created.created);
    return this.conversation(state.id)!;
  }

  /** Owner's changes, one service each, in order: rename, invite, remove, new admin. */
  async update(req: GroupUpdate): Promise<ConversationData> {
    const me = this.me();
    const group = this.groupOf(req.conversationId);
    const g = this.groups.get(group);
    if (req.title !== undefined) {
      const name = checkName(req.title);
      const msgId = this.nextId();
      await this.request(S.rename, { msgId, group, name }, msgId, 0);
      if (g) g.name = name;
      this.line(group, me.userId, msgId, { action: 'renamed', actorId: String(me.userId), title: name });
    }
    if (req.addMemberIds && req.addMemberIds.length > 0) {
      const members = req.addMemberIds.map(userIdOf);
      const msgId = this.nextId();
      const ack = await this.request(S.invite, { msgId, group, members }, msgId, 0);
      const results = z.array(z.object({ user: z.number(), r: z.number() })).safeParse((ack as { inviteResult?: unknown }).inviteResult);
      const added = results.success ? results.data.filter((x) => x.r === 0 || x.r === 1).map((x) => x.user) : members;
      if (g) g.members = [...new Set([...g.members, ...added])];
      this.line(group, me.userId, msgId, { action: 'members-added', actorId: String(me.userId), userIds: added.map(String) });
    }
    for (const id of req.removeMemberIds ?? []) {
      const user = userIdOf(id);
      const msgId = this.nextId();
      await this.request(S.leave, { msgId, group, leaveUser: user, newAdmin: null }, msgId, 0);
      if (g) g.members = g.members.filter((m) => m !== user);
      this.line(group, me.userId, msgId, { action: 'member-removed', actorId: String(me.userId), userIds: [String(user)] });
    }
    if (req.ownerId !== undefined) {
      const newAdmin = userIdOf(req.ownerId);
      const msgId = this.nextId();
      await this.request(S.changeAdmin, { msgId, group, newAdmin, from: me.userId }, msgId, 0);
      if (g) g.admin = newAdmin;
      this.line(group, me.userId, msgId, { action: 'owner-changed', actorId: String(me.userId), userIds: [String(newAdmin)] });
    }
    const conversation = this.conversation(group) ?? (await this.details(group));
    if (!conversation) throw new ParleyError('not-found', 'That group is gone');
    return conversation;
  }

  /** I leave; an admin hands the group to another member first (43 `newAdmin`). */
  async leave(conversationId: Id): Promise<void> {
    const me = this.me();
    const group = this.groupOf(conversationId);
    const g = this.groups.get(group);
    const heir = g && g.admin === me.userId ? g.members.find((m) => m !== me.userId) : undefined;
    const msgId = this.nextId();
    await this.request(S.leave, { msgId, group, leaveUser: me.userId, newAdmin: heir ?? null }, msgId, 0);
    this.groups.delete(group);
  }

  registerPushes(): void {
    const c = this.connection;
    const notification = <T>(service: number, schema: z.ZodType<T>, handle: (body: T) => void) =>
      c.onPacket(service, (raw) => {
        // An ack that came after its request gave up (it has `r`): already handled or failed.
        if (typeof raw === 'object' && raw !== null && 'r' in raw) return;
        const body = decodeBody(service, schema, raw, this.log);
        if (body !== undefined) handle(body);
      });
    for (const service of [S.createGroup, S.invite, S.leave, S.rename, S.changeAdmin]) c.onPacket(service, () => this.log.info('ignored a late answer', { service }));
    notification(S.groupCreated, groupCreatedSchema, (b) => {
      const me = this.me();
      const members = [...new Set([...(b.members ?? []), ...(b.admin !== undefined ? [b.admin] : [])])];
      this.keep({ id: b.group, name: b.name ?? `Group ${b.group}`, ...(b.admin !== undefined ? { admin: b.admin } : {}), members: members.includes(me.userId) ? members : [...members, me.userId], ...(b.type !== undefined ? { type: b.type } : {}), ...(b.created !== undefined ? { created: b.created } : {}) });
      this.announce(b.group);
      const actor = b.from ?? b.admin;
      if (actor !== undefined && b.msgId !== undefined) this.line(b.group, actor, b.msgId, { action: 'created', actorId: String(actor), ...(b.name ? { title: b.name } : {}) }, b.created);
    });
    notification(S.invited, invitedSchema, (b) => {
      const me = this.me();
      const invited = b.invited ?? [];
      const g = this.groups.get(b.group);
      if (g) {
        g.members = [...new Set([...g.members, ...invited])];
        this.changed(b.group, { memberIds: g.members.map(String) });
      }
      if (invited.includes(me.userId) || !g) {
        // I am the one invited: the group arrives whole.
        void this.details(b.group).then(
          (conversation) => conversation && this.emit({ type: 'conversation', conversation }),
          () => undefined,
        );
      }
      if (b.from !== undefined && b.msgId !== undefined) this.line(b.group, b.from, b.msgId, { action: 'members-added', actorId: String(b.from), userIds: invited.map(String) }, b.created);
    });
    notification(S.left, leftSchema, (b) => {
      const me = this.me();
      const leaver = b.leaveUser ?? b.leaveUserId ?? b.from;
      if (leaver === undefined) return;
      if (leaver === me.userId) {
        this.groups.delete(b.group);
        this.emit({ type: 'conversation-removed', conversationId: conversationIdOf({ type: CHAT_GROUP, chatId: b.group }) });
        return;
      }
      const g = this.groups.get(b.group);
      if (g) {
        g.members = g.members.filter((m) => m !== leaver);
        if (b.newAdmin !== undefined && b.newAdmin !== null) g.admin = b.newAdmin;
        this.changed(b.group, { memberIds: g.members.map(String), ...(g.admin !== undefined ? { ownerId: String(g.admin) } : {}) });
      }
      const actor = b.from ?? leaver;
      if (b.msgId !== undefined) {
        const event: SystemEvent = actor === leaver ? { action: 'member-left', actorId: String(actor) } : { action: 'member-removed', actorId: String(actor), userIds: [String(leaver)] };
        this.line(b.group, actor, b.msgId, event, b.created);
      }
    });
    notification(S.renamed, renamedSchema, (b) => {
      const name = b.name ?? b.newName;
      if (!name) return;
      const g = this.groups.get(b.group);
      if (g) g.name = name;
      this.changed(b.group, { title: name });
      if (b.from !== undefined && b.msgId !== undefined) this.line(b.group, b.from, b.msgId, { action: 'renamed', actorId: String(b.from), title: name }, b.created);
    });
    notification(S.adminChanged, adminChangedSchema, (b) => {
      const g = this.groups.get(b.group);
      if (g) g.admin = b.newAdmin;
      this.changed(b.group, { ownerId: String(b.newAdmin) });
      if (b.from !== undefined && b.msgId !== undefined) this.line(b.group, b.from, b.msgId, { action: 'owner-changed', actorId: String(b.from), userIds: [String(b.newAdmin)] }, b.created);
    });
    notification(S.joinPublic, invitedSchema, (b) => {
      const g = this.groups.get(b.group);
      if (g && b.from !== undefined) {
        g.members = [...new Set([...g.members, b.from])];
        this.changed(b.group, { memberIds: g.members.map(String) });
      }
      if (b.from !== undefined && b.msgId !== undefined) this.line(b.group, b.from, b.msgId, { action: 'members-added', actorId: String(b.from), userIds: [String(b.from)] }, b.created);
    });
  }

  // ---- internals ----

  private async request(service: number, body: Record<string, unknown>, msgId: number, success: number): Promise<unknown> {
    const ack = await this.connection.request(service, body, groupAckSchema, (a) => Number(a.msgId) === msgId);
    if (ack.r !== success) throw new ParleyError('forbidden', `AZStack refused the group change (r ${ack.r})`);
    return ack;
  }

  private groupOf(conversationId: Id): number {
    const chat = chatOf(conversationId);
    if (chat.type !== CHAT_GROUP) throw new ParleyError('invalid-argument', 'That is not a group');
    return chat.chatId;
  }

  private keep(state: GroupState): void {
    const before = this.groups.get(state.id);
    this.groups.set(state.id, { ...before, ...state });
  }

  private announce(group: number): void {
    const conversation = this.conversation(group);
    if (!conversation) return;
    this.known(conversation.id);
    this.emit({ type: 'conversation', conversation });
  }

  private changed(group: number, changes: Extract<AdapterEvent, { type: 'conversation-changed' }>['changes']): void {
    this.emit({ type: 'conversation-changed', conversationId: conversationIdOf({ type: CHAT_GROUP, chatId: group }), changes });
  }

  /** The change as a line in the group's timeline, keyed as history keys it. */
  private line(group: number, actor: number, msgId: number, system: SystemEvent, at?: number): void {
    this.emit({
      type: 'message',
      message: {
        conversationId: conversationIdOf({ type: CHAT_GROUP, chatId: group }),
        id: messageIdOf(actor, msgId),
        senderId: String(actor),
        kind: 'system',
        text: '',
        sentAt: at ?? Date.now(),
        status: 'sent',
        system,
      },
    });
  }
}

function checkName(title: string): string {
  const name = title.trim();
  if (!name || name.length > MAX_NAME) throw new ParleyError('invalid-argument', `A group name is 1 to ${MAX_NAME} characters`);
  return name;
}
