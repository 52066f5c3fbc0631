// Each member's own state in a group (server/PROTOCOL.md): whether they accepted it (a
// message request until then), their received / seen marks, the cleared mark of
// delete_conversation, mute and pin; the group's blocked users; and the unread count that
// follows from the marks. Group membership itself is group-store.ts's.

import type { Db, Statement } from '../db';
import { compareIds } from '../id-format';
import { fromSqlId, fromSqlInt, fromSqlOptionalId, toSqlId } from '../sql-ids';
import { MessageType } from './message-types';

export interface MemberState {
  uin: string;
  accepted: boolean;
  /** The newest message this member has received / seen; null before any receipt. */
  receivedId: string | null;
  seenId: string | null;
  /** delete_conversation: messages up to this ID are gone for this member ("0": it had none). */
  clearedId: string | null;
  muted: boolean;
  pinned: boolean;
}

interface MemberRow {
  uin: bigint;
  accepted: bigint;
  received_id: bigint | null;
  seen_id: bigint | null;
  cleared_id: bigint | null;
  muted: bigint;
  pinned: bigint;
}

function toState(row: MemberRow): MemberState {
  return {
    uin: fromSqlId(row.uin),
    accepted: fromSqlInt(row.accepted) === 1,
    receivedId: fromSqlOptionalId(row.received_id),
    seenId: fromSqlOptionalId(row.seen_id),
    clearedId: fromSqlOptionalId(row.cleared_id),
    muted: fromSqlInt(row.muted) === 1,
    pinned: fromSqlInt(row.pinned) === 1,
  };
}

/** The larger of two optional IDs. */
export function laterId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

const COLUMNS = 'uin, accepted, received_id, seen_id, cleared_id, muted, pinned';

export type MemberFlag = 'muted' | 'pinned';

export class MemberStore {
  private readonly all: Statement;
  private readonly one: Statement;
  private readonly accept: Statement;
  private readonly setMarks: Statement;
  private readonly setCleared: Statement;
  private readonly setFlag: Record<MemberFlag, Statement>;
  private readonly blockedStatement: Statement;
  private readonly isBlockedStatement: Statement;
  private readonly blockStatement: Statement;
  private readonly unblockStatement: Statement;
  private readonly unreadStatement: Statement;

  constructor(db: Db) {
    this.all = db.prepare(`SELECT ${COLUMNS} FROM group_members WHERE group_id = ? ORDER BY position`);
    this.one = db.prepare(`SELECT ${COLUMNS} FROM group_members WHERE group_id = ? AND uin = ?`);
    this.accept = db.prepare('UPDATE group_members SET accepted = 1 WHERE group_id = ? AND uin = ?');
    this.setMarks = db.prepare('UPDATE group_members SET received_id = @received, seen_id = @seen WHERE group_id = @group AND uin = @uin');
    this.setCleared = db.prepare('UPDATE group_members SET cleared_id = ? WHERE group_id = ? AND uin = ?');
    this.setFlag = {
      muted: db.prepare('UPDATE group_members SET muted = ? WHERE group_id = ? AND uin = ?'),
      pinned: db.prepare('UPDATE group_members SET pinned = ? WHERE group_id = ? AND uin = ?'),
    };
    this.blockedStatement = db.prepare(
      `SELECT b.uin FROM group_blocks b LEFT JOIN group_members m ON m.group_id = b.group_id AND m.uin = b.uin
       WHERE b.group_id = ? ORDER BY m.position`,
    );
    this.isBlockedStatement = db.prepare('SELECT 1 FROM group_blocks WHERE group_id = ? AND uin = ?');
    this.blockStatement = db.prepare('INSERT OR IGNORE INTO group_blocks (group_id, uin, blocked_by) VALUES (?, ?, ?)');
    this.unblockStatement = db.prepare('DELETE FROM group_blocks WHERE group_id = ? AND uin = ?');
    // Messages from others, not system lines, not deleted, after the viewer's marks. A call's
    // line (sent as the caller) counts only when the call was missed or busy: an answered or
    // declined call is nothing left to read (calls/call-lines.ts writes the outcome). CASE, not
    // OR: only a call line's attachments are ever read as JSON.
    this.unreadStatement = db.prepare(
      `SELECT count(*) AS n FROM messages
       WHERE group_id = @group AND message_id > @after AND sender_uin != @viewer AND type != ${MessageType.system} AND deleted_at = 0
         AND CASE WHEN type != ${MessageType.call} THEN 1
                  WHEN json_valid(attactments) THEN json_extract(attactments, '$.call.outcome') IN ('missed', 'busy')
                  ELSE 0 END`,
    );
  }

  /** Every member's state, in member order. */
  states(groupId: string): MemberState[] {
    return (this.all.all(toSqlId(groupId)) as MemberRow[]).map(toState);
  }

  state(groupId: string, uin: string): MemberState | undefined {
    const row = this.one.get(toSqlId(groupId), toSqlId(uin)) as MemberRow | undefined;
    return row && toState(row);
  }

  setAccepted(groupId: string, uin: string): void {
    this.accept.run(toSqlId(groupId), toSqlId(uin));
  }

  /**
   * Moves the member's received (and, for `seen`, also seen) mark up to `messageId`, never
   * down: seen implies received. True when a mark moved.
   */
  raiseMark(groupId: string, uin: string, kind: 'received' | 'seen', messageId: string): boolean {
    const state = this.state(groupId, uin);
    if (!state) return false;
    const received = laterId(state.receivedId, messageId);
    const seen = kind === 'seen' ? laterId(state.seenId, messageId) : state.seenId;
    if (received === state.receivedId && seen === state.seenId) return false;
    this.setMarks.run({
      group: toSqlId(groupId),
      uin: toSqlId(uin),
      received: received === null ? null : toSqlId(received),
      seen: seen === null ? null : toSqlId(seen),
    });
    return true;
  }

  /** delete_conversation: the member's history ends at `messageId` ("0" for a group without messages). */
  clear(groupId: string, uin: string, messageId: string): void {
    this.setCleared.run(toSqlId(messageId), toSqlId(groupId), toSqlId(uin));
  }

  /** Sets mute or pin for one member; true when it changed. */
  setFlagTo(groupId: string, uin: string, flag: MemberFlag, on: boolean): boolean {
    const state = this.state(groupId, uin);
    if (!state || state[flag] === on) return false;
    this.setFlag[flag].run(on ? 1 : 0, toSqlId(groupId), toSqlId(uin));
    return true;
  }

  /** The group's blocked users, in member order. */
  blocked(groupId: string): string[] {
    return (this.blockedStatement.all(toSqlId(groupId)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
  }

  isBlocked(groupId: string, uin: string): boolean {
    return this.isBlockedStatement.get(toSqlId(groupId), toSqlId(uin)) !== undefined;
  }

  /** True when it changed. */
  block(groupId: string, uin: string, by: string): boolean {
    return this.blockStatement.run(toSqlId(groupId), toSqlId(uin), toSqlId(by)).changes > 0;
  }

  /** True when it changed. */
  unblock(groupId: string, uin: string): boolean {
    return this.unblockStatement.run(toSqlId(groupId), toSqlId(uin)).changes > 0;
  }

  /** Messages from others newer than both the seen and the cleared mark (call lines: only missed or busy ones). */
  unreadCount(groupId: string, state: MemberState): number {
    const after = laterId(state.seenId, state.clearedId);
    const row = this.unreadStatement.get({
      group: toSqlId(groupId),
      after: after === null ? -1n : toSqlId(after),
      viewer: toSqlId(state.uin),
    }) as { n: bigint };
    return fromSqlInt(row.n);
  }
}
