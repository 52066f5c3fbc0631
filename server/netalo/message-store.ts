// Messages in SQLite: insert, find a resend by its nonce, page through a group's history,
// edit and delete (a deletion keeps a tombstone), and the change feed clients resync from.

import type { Db, Statement } from '../db';
import { fromSqlId, fromSqlInt, toSqlId } from '../sql-ids';

export interface MessageRecord {
  messageId: string;
  groupId: string;
  senderUin: string;
  type: number;
  message: string;
  attactments: string;
  senderName: string;
  nonce: string;
  version: number;
  status: number;
  /** µs since the epoch */
  createdAt: number;
  /** A fresh ID at every creation, edit and deletion: `list_message` {changed_after} pages by it. */
  changeId: string;
  /** µs; 0 = never edited */
  editedAt: number;
  /** µs; 0 = not deleted (a deleted message keeps its row, with no text and no attachments) */
  deletedAt: number;
}

interface MessageRow {
  message_id: bigint;
  group_id: bigint;
  sender_uin: bigint;
  type: bigint;
  message: string;
  attactments: string;
  sender_name: string;
  nonce: string;
  version: bigint;
  status: bigint;
  created_at: bigint;
  change_id: bigint;
  edited_at: bigint;
  deleted_at: bigint;
}

function toRecord(row: MessageRow): MessageRecord {
  return {
    messageId: fromSqlId(row.message_id),
    groupId: fromSqlId(row.group_id),
    senderUin: fromSqlId(row.sender_uin),
    type: fromSqlInt(row.type),
    message: row.message,
    attactments: row.attactments,
    senderName: row.sender_name,
    nonce: row.nonce,
    version: fromSqlInt(row.version),
    status: fromSqlInt(row.status),
    createdAt: fromSqlInt(row.created_at),
    changeId: fromSqlId(row.change_id),
    editedAt: fromSqlInt(row.edited_at),
    deletedAt: fromSqlInt(row.deleted_at),
  };
}

const COLUMNS =
  'message_id, group_id, sender_uin, type, message, attactments, sender_name, nonce, version, status, created_at, change_id, edited_at, deleted_at';
const INT64_MAX = (1n << 63n) - 1n;

export class MessageStore {
  private readonly insertStatement: Statement;
  private readonly byId: Statement;
  private readonly byNonce: Statement;
  private readonly page: Statement;
  private readonly changes: Statement;
  private readonly editStatement: Statement;
  private readonly deleteStatement: Statement;

  constructor(db: Db) {
    this.insertStatement = db.prepare(`INSERT INTO messages (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((c) => '@' + c).join(', ')})`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM messages WHERE message_id = ?`);
    this.byNonce = db.prepare(`SELECT ${COLUMNS} FROM messages WHERE sender_uin = ? AND group_id = ? AND nonce = ? AND nonce != ''`);
    // One statement for every combination of bounds: an absent bound is the widest value.
    this.page = db.prepare(
      `SELECT ${COLUMNS} FROM messages
       WHERE group_id = @group AND message_id < @before AND message_id > @after
       ORDER BY message_id DESC LIMIT @limit OFFSET @offset`,
    );
    this.changes = db.prepare(
      `SELECT ${COLUMNS} FROM messages WHERE group_id = @group AND change_id > @after AND message_id > @hidden
       ORDER BY change_id ASC LIMIT @limit`,
    );
    this.editStatement = db.prepare(
      'UPDATE messages SET message = @message, edited_at = @at, version = version + 1, change_id = @change WHERE message_id = @id',
    );
    this.deleteStatement = db.prepare(
      `UPDATE messages SET message = '', attactments = '', deleted_at = @at, version = version + 1, change_id = @change WHERE message_id = @id`,
    );
  }

  insert(m: MessageRecord): void {
    this.insertStatement.run({
      message_id: toSqlId(m.messageId),
      group_id: toSqlId(m.groupId),
      sender_uin: toSqlId(m.senderUin),
      type: m.type,
      message: m.message,
      attactments: m.attactments,
      sender_name: m.senderName,
      nonce: m.nonce,
      version: m.version,
      status: m.status,
      created_at: m.createdAt,
      change_id: toSqlId(m.changeId),
      edited_at: m.editedAt,
      deleted_at: m.deletedAt,
    });
  }

  /** New text; the caller has checked that the message exists, is not deleted and is the caller's. */
  edit(messageId: string, text: string, at: number, changeId: string): void {
    this.editStatement.run({ id: toSqlId(messageId), message: text, at, change: toSqlId(changeId) });
  }

  /** Leaves a tombstone: the ID, sender and time stay so that every client can show "deleted". */
  delete(messageId: string, at: number, changeId: string): void {
    this.deleteStatement.run({ id: toSqlId(messageId), at, change: toSqlId(changeId) });
  }

  /**
   * Everything created, edited or deleted in a group after the change `after`, oldest change
   * first; messages up to `hiddenThrough` (a member's cleared mark) left out.
   */
  changedAfter(groupId: string, after: string, limit: number, hiddenThrough: string | null = null): MessageRecord[] {
    const hidden = hiddenThrough === null ? -1n : toSqlId(hiddenThrough);
    const rows = this.changes.all({ group: toSqlId(groupId), after: toSqlId(after), hidden, limit }) as MessageRow[];
    return rows.map(toRecord);
  }

  get(messageId: string): MessageRecord | undefined {
    const row = this.byId.get(toSqlId(messageId)) as MessageRow | undefined;
    return row && toRecord(row);
  }

  /** The message this sender already sent to this group with this nonce, if any. */
  findByNonce(senderUin: string, groupId: string, nonce: string): MessageRecord | undefined {
    const row = this.byNonce.get(toSqlId(senderUin), toSqlId(groupId), nonce) as MessageRow | undefined;
    return row && toRecord(row);
  }

  /** Newest first; `before` / `after` are exclusive message-ID bounds. */
  list(groupId: string, opts: { before?: string; after?: string; offset: number; limit: number }): MessageRecord[] {
    const rows = this.page.all({
      group: toSqlId(groupId),
      before: opts.before === undefined ? INT64_MAX : toSqlId(opts.before),
      after: opts.after === undefined ? -1n : toSqlId(opts.after),
      limit: opts.limit,
      offset: opts.offset,
    }) as MessageRow[];
    return rows.map(toRecord);
  }
}
