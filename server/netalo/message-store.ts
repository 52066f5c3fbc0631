// Messages in SQLite: insert, find a resend by its nonce, page through a group's history.

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
  };
}

const COLUMNS = 'message_id, group_id, sender_uin, type, message, attactments, sender_name, nonce, version, status, created_at';
const INT64_MAX = (1n << 63n) - 1n;

export class MessageStore {
  private readonly insertStatement: Statement;
  private readonly byId: Statement;
  private readonly byNonce: Statement;
  private readonly page: Statement;

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
    });
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
