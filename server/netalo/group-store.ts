// Groups and their members in SQLite: create, find by exact members, list a user's groups
// page by page, and keep each group's latest message (its sort key) current.

import type { Db, Statement } from '../db';
import { compareIds } from '../id-format';
import { fromSqlId, fromSqlInt, fromSqlOptionalId, toSqlId } from '../sql-ids';
import type { MessageRecord, MessageStore } from './message-store';

export interface GroupRecord {
  groupId: string;
  type: number;
  name: string;
  avatarUrl: string;
  ownerUin: string;
  creatorUin: string;
  /** In the order given at creation. */
  occupants: string[];
  /** s since the epoch */
  createdAt: number;
  updatedAt: number;
  lastMessageId: string | null;
  lastMessage: MessageRecord | null;
}

export type NewGroup = Omit<GroupRecord, 'lastMessageId' | 'lastMessage' | 'updatedAt'>;

interface GroupRow {
  group_id: bigint;
  type: bigint;
  name: string;
  avatar_url: string;
  owner_uin: bigint;
  creator_uin: bigint;
  created_at: bigint;
  updated_at: bigint;
  last_message_id: bigint | null;
}

/** A set of members as one comparable string: uins sorted numerically, comma-joined. */
export function membersKey(uins: string[]): string {
  return [...new Set(uins)].sort(compareIds).join(',');
}

const COLUMNS = 'g.group_id, g.type, g.name, g.avatar_url, g.owner_uin, g.creator_uin, g.created_at, g.updated_at, g.last_message_id';

/** activity: newest last message (or creation, for a group without messages) first; creation: newest group first. */
export type GroupOrder = 'activity' | 'creation';

export class GroupStore {
  private readonly insertGroup: Statement;
  private readonly insertMember: Statement;
  private readonly byId: Statement;
  private readonly members: Statement;
  private readonly membership: Statement;
  private readonly byMembers: Statement;
  private readonly pageByActivity: Statement;
  private readonly pageByCreation: Statement;
  private readonly setLastMessage: Statement;
  private readonly coMembersStatement: Statement;

  constructor(
    db: Db,
    private readonly messages: MessageStore,
  ) {
    this.insertGroup = db.prepare(
      `INSERT INTO chat_groups (group_id, type, name, avatar_url, owner_uin, creator_uin, members_key, member_count,
                                created_at, updated_at, last_message_id, activity_id)
       VALUES (@group_id, @type, @name, @avatar_url, @owner_uin, @creator_uin, @members_key, @member_count,
               @created_at, @created_at, NULL, @group_id)`,
    );
    this.insertMember = db.prepare('INSERT INTO group_members (group_id, uin, position) VALUES (?, ?, ?)');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM chat_groups g WHERE g.group_id = ?`);
    this.members = db.prepare('SELECT uin FROM group_members WHERE group_id = ? ORDER BY position');
    this.membership = db.prepare('SELECT 1 FROM group_members WHERE group_id = ? AND uin = ?');
    this.byMembers = db.prepare(
      `SELECT ${COLUMNS} FROM chat_groups g
       JOIN group_members me ON me.group_id = g.group_id AND me.uin = @viewer
       WHERE g.type = @type AND g.members_key = @key
       ORDER BY g.group_id LIMIT 1`,
    );
    const page = (order: string) =>
      db.prepare(
        `SELECT ${COLUMNS} FROM group_members me JOIN chat_groups g ON g.group_id = me.group_id
         WHERE me.uin = @uin ORDER BY ${order} DESC LIMIT @limit OFFSET @offset`,
      );
    this.pageByActivity = page('g.activity_id');
    this.pageByCreation = page('g.group_id');
    this.setLastMessage = db.prepare(
      'UPDATE chat_groups SET last_message_id = @message_id, activity_id = @message_id WHERE group_id = @group_id',
    );
    this.coMembersStatement = db.prepare(
      `SELECT DISTINCT other.uin FROM group_members me
       JOIN group_members other ON other.group_id = me.group_id AND other.uin != me.uin
       WHERE me.uin = ?`,
    );
  }

  /** Inserts the group and its members; call inside a transaction. */
  create(group: NewGroup): GroupRecord {
    this.insertGroup.run({
      group_id: toSqlId(group.groupId),
      type: group.type,
      name: group.name,
      avatar_url: group.avatarUrl,
      owner_uin: toSqlId(group.ownerUin),
      creator_uin: toSqlId(group.creatorUin),
      members_key: membersKey(group.occupants),
      member_count: group.occupants.length,
      created_at: group.createdAt,
    });
    group.occupants.forEach((uin, position) => this.insertMember.run(toSqlId(group.groupId), toSqlId(uin), position));
    return { ...group, updatedAt: group.createdAt, lastMessageId: null, lastMessage: null };
  }

  get(groupId: string): GroupRecord | undefined {
    const row = this.byId.get(toSqlId(groupId)) as GroupRow | undefined;
    return row && this.toRecord(row);
  }

  isMember(groupId: string, uin: string): boolean {
    return this.membership.get(toSqlId(groupId), toSqlId(uin)) !== undefined;
  }

  /** The group of this type with exactly these members, among the viewer's groups. */
  findByMembers(type: number, occupants: string[], viewerUin: string): GroupRecord | undefined {
    const row = this.byMembers.get({ viewer: toSqlId(viewerUin), type, key: membersKey(occupants) }) as GroupRow | undefined;
    return row && this.toRecord(row);
  }

  listForUser(uin: string, opts: { order: GroupOrder; offset: number; limit: number }): GroupRecord[] {
    const statement = opts.order === 'creation' ? this.pageByCreation : this.pageByActivity;
    const rows = statement.all({ uin: toSqlId(uin), limit: opts.limit, offset: opts.offset }) as GroupRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Makes `messageId` the group's latest message (and so its sort key). */
  recordMessage(groupId: string, messageId: string): void {
    this.setLastMessage.run({ group_id: toSqlId(groupId), message_id: toSqlId(messageId) });
  }

  /** Everyone who shares at least one group with `uin`. */
  coMembers(uin: string): string[] {
    return (this.coMembersStatement.all(toSqlId(uin)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
  }

  private toRecord(row: GroupRow): GroupRecord {
    const groupId = fromSqlId(row.group_id);
    const lastMessageId = fromSqlOptionalId(row.last_message_id);
    return {
      groupId,
      type: fromSqlInt(row.type),
      name: row.name,
      avatarUrl: row.avatar_url,
      ownerUin: fromSqlId(row.owner_uin),
      creatorUin: fromSqlId(row.creator_uin),
      occupants: (this.members.all(row.group_id) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin)),
      createdAt: fromSqlInt(row.created_at),
      updatedAt: fromSqlInt(row.updated_at),
      lastMessageId,
      lastMessage: lastMessageId === null ? null : (this.messages.get(lastMessageId) ?? null),
    };
  }
}
