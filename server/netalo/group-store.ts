// Groups and their members in SQLite: create, change (fields, members), find by exact
// members, list the groups a user may see page by page, keep each group's latest message
// (its sort key) current, and answer "who may see whose presence" (server/PROTOCOL.md,
// Message requests). Per-member state (marks, mute, pin, blocks) is in member-store.ts.

import type { Db, Statement } from '../db';
import { compareIds } from '../id-format';
import { messageOrderKey } from '../ids';
import { fromSqlId, fromSqlInt, fromSqlOptionalId, toSqlId } from '../sql-ids';
import type { MessageRecord, MessageStore } from './message-store';

export interface GroupRecord {
  groupId: string;
  type: number;
  name: string;
  avatarUrl: string;
  ownerUin: string;
  creatorUin: string;
  /** The 1:1 conversation: created as a private group of two. It can never change. */
  direct: boolean;
  /** In the order they joined (creation order first): the earliest remaining member inherits ownership. */
  occupants: string[];
  /** s since the epoch */
  createdAt: number;
  updatedAt: number;
  lastMessageId: string | null;
  lastMessage: MessageRecord | null;
}

/** A group without its last message (one read less): what a request needs that only checks membership. */
export type GroupHead = Omit<GroupRecord, 'lastMessage'>;

export interface NewGroup {
  groupId: string;
  type: number;
  name: string;
  avatarUrl: string;
  ownerUin: string;
  creatorUin: string;
  direct: boolean;
  /** Each with whether they start accepted (a message request when not). */
  members: Array<{ uin: string; accepted: boolean }>;
  createdAt: number;
}

export interface GroupFieldChanges {
  name?: string;
  avatarUrl?: string;
  ownerUin?: string;
  type?: number;
  updatedAt: number;
}

interface GroupRow {
  group_id: bigint;
  type: bigint;
  name: string;
  avatar_url: string;
  owner_uin: bigint;
  creator_uin: bigint;
  direct: bigint;
  created_at: bigint;
  updated_at: bigint;
  last_message_id: bigint | null;
}

/** A set of members as one comparable string: uins sorted numerically, comma-joined. */
export function membersKey(uins: string[]): string {
  return [...new Set(uins)].sort(compareIds).join(',');
}

const COLUMNS =
  'g.group_id, g.type, g.name, g.avatar_url, g.owner_uin, g.creator_uin, g.direct, g.created_at, g.updated_at, g.last_message_id';

/** activity: newest last message (or creation, for a group without messages) first; creation: newest group first. */
export type GroupOrder = 'activity' | 'creation';

/**
 * Two members "share an accepted conversation" in a group where both have accepted and
 * neither is blocked. `me` and `other` are group_members aliases.
 */
const BOTH_ACCEPTED = `me.accepted = 1 AND other.accepted = 1
  AND NOT EXISTS (SELECT 1 FROM group_blocks b WHERE b.group_id = me.group_id AND b.uin IN (me.uin, other.uin))`;

export class GroupStore {
  private readonly insertGroup: Statement;
  private readonly insertMember: Statement;
  private readonly deleteMember: Statement;
  private readonly deleteMemberBlocks: Statement;
  private readonly maxPosition: Statement;
  private readonly setMembers: Statement;
  private readonly setFields: Statement;
  private readonly byId: Statement;
  private readonly members: Statement;
  private readonly membership: Statement;
  private readonly byMembers: Statement;
  private readonly directByMembers: Statement;
  private readonly pageByActivity: Statement;
  private readonly pageByCreation: Statement;
  private readonly setLastMessage: Statement;
  private readonly peersStatement: Statement;
  private readonly sharesStatement: Statement;

  constructor(
    db: Db,
    private readonly messages: MessageStore,
  ) {
    this.insertGroup = db.prepare(
      `INSERT INTO chat_groups (group_id, type, name, avatar_url, owner_uin, creator_uin, members_key, member_count, direct,
                                created_at, updated_at, last_message_id, activity_id)
       VALUES (@group_id, @type, @name, @avatar_url, @owner_uin, @creator_uin, @members_key, @member_count, @direct,
               @created_at, @created_at, NULL, @activity_id)`,
    );
    this.insertMember = db.prepare('INSERT INTO group_members (group_id, uin, position, accepted) VALUES (?, ?, ?, ?)');
    this.deleteMember = db.prepare('DELETE FROM group_members WHERE group_id = ? AND uin = ?');
    this.deleteMemberBlocks = db.prepare('DELETE FROM group_blocks WHERE group_id = ? AND uin = ?');
    this.maxPosition = db.prepare('SELECT coalesce(max(position), -1) AS position FROM group_members WHERE group_id = ?');
    this.setMembers = db.prepare('UPDATE chat_groups SET members_key = @key, member_count = @count WHERE group_id = @group_id');
    this.setFields = db.prepare(
      `UPDATE chat_groups SET name = coalesce(@name, name), avatar_url = coalesce(@avatar_url, avatar_url),
              owner_uin = coalesce(@owner_uin, owner_uin), type = coalesce(@type, type), updated_at = @updated_at
       WHERE group_id = @group_id`,
    );
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM chat_groups g WHERE g.group_id = ?`);
    this.members = db.prepare('SELECT uin FROM group_members WHERE group_id = ? ORDER BY position');
    this.membership = db.prepare('SELECT 1 FROM group_members WHERE group_id = ? AND uin = ?');
    this.byMembers = db.prepare(
      `SELECT ${COLUMNS} FROM chat_groups g
       JOIN group_members me ON me.group_id = g.group_id AND me.uin = @viewer
       WHERE g.type = @type AND g.members_key = @key
       ORDER BY g.direct DESC, g.group_id LIMIT 1`,
    );
    this.directByMembers = db.prepare(`SELECT ${COLUMNS} FROM chat_groups g WHERE g.direct = 1 AND g.members_key = ?`);
    // What a member sees in list_group: a group someone else created only once it has a
    // message, and not while the member's cleared mark covers its latest message.
    const page = (order: string) =>
      db.prepare(
        `SELECT ${COLUMNS} FROM group_members me JOIN chat_groups g ON g.group_id = me.group_id
         WHERE me.uin = @uin
           AND (g.creator_uin = me.uin OR g.last_message_id IS NOT NULL)
           AND (me.cleared_id IS NULL OR coalesce(g.last_message_id, 0) > me.cleared_id)
         ORDER BY ${order} DESC LIMIT @limit OFFSET @offset`,
      );
    this.pageByActivity = page('g.activity_id');
    this.pageByCreation = page('g.group_id');
    this.setLastMessage = db.prepare(
      'UPDATE chat_groups SET last_message_id = @message_id, activity_id = @message_id WHERE group_id = @group_id',
    );
    this.peersStatement = db.prepare(
      `SELECT DISTINCT other.uin FROM group_members me
       JOIN group_members other ON other.group_id = me.group_id AND other.uin != me.uin
       WHERE me.uin = ? AND ${BOTH_ACCEPTED}`,
    );
    this.sharesStatement = db.prepare(
      `SELECT 1 FROM group_members me
       JOIN group_members other ON other.group_id = me.group_id AND other.uin = @b
       WHERE me.uin = @a AND ${BOTH_ACCEPTED} LIMIT 1`,
    );
  }

  /** Inserts the group and its members; call inside a transaction. */
  create(group: NewGroup): GroupRecord {
    const occupants = group.members.map((m) => m.uin);
    this.insertGroup.run({
      group_id: toSqlId(group.groupId),
      type: group.type,
      name: group.name,
      avatar_url: group.avatarUrl,
      owner_uin: toSqlId(group.ownerUin),
      creator_uin: toSqlId(group.creatorUin),
      members_key: membersKey(occupants),
      member_count: occupants.length,
      direct: group.direct ? 1 : 0,
      created_at: group.createdAt,
      // Compared with message IDs (the last message of other groups), which are in another
      // range than group IDs: the group's creation time as a message-range ID (ids.ts).
      activity_id: messageOrderKey(group.groupId),
    });
    group.members.forEach((m, position) => this.insertMember.run(toSqlId(group.groupId), toSqlId(m.uin), position, m.accepted ? 1 : 0));
    const { members: _members, ...fields } = group;
    return { ...fields, occupants, updatedAt: group.createdAt, lastMessageId: null, lastMessage: null };
  }

  /** New members after the existing ones; call inside a transaction. */
  addMembers(groupId: string, members: Array<{ uin: string; accepted: boolean }>): void {
    const start = fromSqlInt((this.maxPosition.get(toSqlId(groupId)) as { position: bigint }).position) + 1;
    members.forEach((m, i) => this.insertMember.run(toSqlId(groupId), toSqlId(m.uin), start + i, m.accepted ? 1 : 0));
    this.refreshMembers(groupId);
  }

  /** Removes members with their state (marks, mute, pin, blocks); call inside a transaction. */
  removeMembers(groupId: string, uins: string[]): void {
    for (const uin of uins) {
      this.deleteMember.run(toSqlId(groupId), toSqlId(uin));
      this.deleteMemberBlocks.run(toSqlId(groupId), toSqlId(uin));
    }
    this.refreshMembers(groupId);
  }

  /** Sets the given fields (absent ones stay) and updated_at. */
  updateFields(groupId: string, changes: GroupFieldChanges): void {
    this.setFields.run({
      group_id: toSqlId(groupId),
      name: changes.name ?? null,
      avatar_url: changes.avatarUrl ?? null,
      owner_uin: changes.ownerUin === undefined ? null : toSqlId(changes.ownerUin),
      type: changes.type ?? null,
      updated_at: changes.updatedAt,
    });
  }

  get(groupId: string): GroupRecord | undefined {
    const row = this.byId.get(toSqlId(groupId)) as GroupRow | undefined;
    return row && this.toRecord(row);
  }

  /** The group without reading its last message: create_message, once per message of a flood, needs none. */
  getHead(groupId: string): GroupHead | undefined {
    const row = this.byId.get(toSqlId(groupId)) as GroupRow | undefined;
    return row && this.toHead(row);
  }

  isMember(groupId: string, uin: string): boolean {
    return this.membership.get(toSqlId(groupId), toSqlId(uin)) !== undefined;
  }

  /** The group of this type with exactly these members, among the viewer's groups (the 1:1 first). */
  findByMembers(type: number, occupants: string[], viewerUin: string): GroupRecord | undefined {
    const row = this.byMembers.get({ viewer: toSqlId(viewerUin), type, key: membersKey(occupants) }) as GroupRow | undefined;
    return row && this.toRecord(row);
  }

  /** The 1:1 conversation of these two users, if it exists. */
  findDirect(pair: [string, string]): GroupRecord | undefined {
    const row = this.directByMembers.get(membersKey(pair)) as GroupRow | undefined;
    return row && this.toRecord(row);
  }

  /** The groups `uin` may see (server/PROTOCOL.md, Visibility), one page. */
  listForUser(uin: string, opts: { order: GroupOrder; offset: number; limit: number }): GroupRecord[] {
    const statement = opts.order === 'creation' ? this.pageByCreation : this.pageByActivity;
    const rows = statement.all({ uin: toSqlId(uin), limit: opts.limit, offset: opts.offset }) as GroupRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Makes `messageId` the group's latest message (and so its sort key). */
  recordMessage(groupId: string, messageId: string): void {
    this.setLastMessage.run({ group_id: toSqlId(groupId), message_id: toSqlId(messageId) });
  }

  /** Everyone `uin` shares an accepted conversation with: who may see whose presence. */
  presencePeers(uin: string): string[] {
    return (this.peersStatement.all(toSqlId(uin)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
  }

  /** Whether `a` and `b` "have talked before": both accepted (and unblocked) in some group. */
  shareAcceptedConversation(a: string, b: string): boolean {
    return this.sharesStatement.get({ a: toSqlId(a), b: toSqlId(b) }) !== undefined;
  }

  private refreshMembers(groupId: string): void {
    const uins = (this.members.all(toSqlId(groupId)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
    this.setMembers.run({ group_id: toSqlId(groupId), key: membersKey(uins), count: uins.length });
  }

  private toRecord(row: GroupRow): GroupRecord {
    const head = this.toHead(row);
    return { ...head, lastMessage: head.lastMessageId === null ? null : (this.messages.get(head.lastMessageId) ?? null) };
  }

  private toHead(row: GroupRow): GroupHead {
    const groupId = fromSqlId(row.group_id);
    const lastMessageId = fromSqlOptionalId(row.last_message_id);
    return {
      groupId,
      type: fromSqlInt(row.type),
      name: row.name,
      avatarUrl: row.avatar_url,
      ownerUin: fromSqlId(row.owner_uin),
      creatorUin: fromSqlId(row.creator_uin),
      direct: fromSqlInt(row.direct) === 1,
      occupants: (this.members.all(row.group_id) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin)),
      createdAt: fromSqlInt(row.created_at),
      updatedAt: fromSqlInt(row.updated_at),
      lastMessageId,
    };
  }
}
