// The AZStack front's data (schema migration 10): the shared users under AZStack's numeric
// userIds, the messages keyed by (sender, msgId) as the clients assign them, and each
// user's marks per conversation (read up to, cleared up to) and hidden messages.

import { transactionRunner, type Db, type Statement } from '../db';
import { SMALL_ID_LIMIT } from '../ids';
import { toSqlId } from '../sql-ids';
import type { UserStore } from '../users';

export const CHAT_USER = 1;
export const CHAT_GROUP = 2;

export const STATUS_SENT = 1;
export const STATUS_DELIVERED = 2;
export const STATUS_SEEN = 3;
export const STATUS_RECALLED = 6;

/** Kinds that count as messages (unread counts); the rest are group events. */
export const MESSAGE_KINDS = [5, 146] as const;

export interface AzUser {
  azId: number;
  uin: string;
  username: string;
  fullname: string;
  lastVisit: number;
}

export interface StoredMessage {
  seq: number;
  chatType: number;
  sender: number;
  receiver: number;
  msgId: number;
  serviceType: number;
  fields: Record<string, unknown>;
  status: number;
  created: number;
  modified: number;
}

export interface NewMessage {
  chatType: number;
  sender: number;
  receiver: number;
  msgId: number;
  serviceType: number;
  fields: Record<string, unknown>;
  created: number;
}

/** Numbers read from SQLite (BigInt under safeIntegers): every AZStack number is below 2^53. */
const n = (v: unknown): number => Number(v);

// Mapped ids for users whose uin is 2^53 or more (--large-ids) stay below every real uin
// below 2^53 (those are at least 2^48, ids.ts), so the two never meet.
const MAPPED_ID_LIMIT = 2 ** 47;

function toMessage(r: Record<string, unknown>): StoredMessage {
  let fields: Record<string, unknown> = {};
  try {
    fields = JSON.parse(r.fields as string) as Record<string, unknown>;
  } catch {
    // Written by this front only; an unreadable row reads as empty rather than failing a list.
  }
  return {
    seq: n(r.seq),
    chatType: n(r.chat_type),
    sender: n(r.sender),
    receiver: n(r.receiver),
    msgId: n(r.msg_id),
    serviceType: n(r.service_type),
    fields,
    status: n(r.status),
    created: n(r.created),
    modified: n(r.modified),
  };
}

// Visible to @me in one conversation: not cleared, not hidden; in a group, since @me joined.
const VISIBLE = `m.seq > coalesce((SELECT cleared_seq FROM azstack_marks WHERE az_id = @me AND chat_type = @type AND chat_id = @chat), 0)
  AND NOT EXISTS (SELECT 1 FROM azstack_hidden h WHERE h.az_id = @me AND h.seq = m.seq)`;
const READ_MARK = `coalesce((SELECT read_seq FROM azstack_marks WHERE az_id = @me AND chat_type = @type AND chat_id = @chat), 0)`;
// One conversation's messages, written per chat type so that SQLite uses the indexes.
const IN_CHAT = {
  1: `m.chat_type = 1 AND ((m.sender = @me AND m.receiver = @chat) OR (m.sender = @chat AND m.receiver = @me))`,
  2: `m.chat_type = 2 AND m.receiver = @chat
      AND m.seq >= coalesce((SELECT joined_seq FROM azstack_members WHERE group_id = @chat AND az_id = @me), 9223372036854775807)`,
} as const;

/** A statement per chat type (1 user, 2 group), from SQL that has IN_CHAT where `{IN_CHAT}` is. */
type PerType = { 1: Statement; 2: Statement };
const chatStatement = (db: Db, sql: string): PerType => ({
  1: db.prepare(sql.replace('{IN_CHAT}', IN_CHAT[1])),
  2: db.prepare(sql.replace('{IN_CHAT}', IN_CHAT[2])),
});
const of = (statements: PerType, type: number): Statement => (type === 2 ? statements[2] : statements[1]);

export class AzstackStore {
  private readonly q: Record<string, Statement>;
  private readonly inTransaction: <T>(work: () => T) => T;
  private readonly chat: Record<'lastUntil' | 'unread' | 'unreadCount' | 'before' | 'last', PerType>;

  constructor(
    db: Db,
    private readonly users: UserStore,
  ) {
    this.inTransaction = transactionRunner(db);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      idOf: p('SELECT az_id FROM azstack_users WHERE uin = ?'),
      rowOf: p('SELECT uin, last_visit FROM azstack_users WHERE az_id = ?'),
      assign: p('INSERT INTO azstack_users (az_id, uin) VALUES (?, ?)'),
      nextMapped: p(`SELECT coalesce(max(az_id), 0) + 1 AS next FROM azstack_users WHERE az_id < ${MAPPED_ID_LIMIT}`),
      setVisit: p('UPDATE azstack_users SET last_visit = ? WHERE az_id = ?'),
      insert: p(
        `INSERT INTO azstack_messages (chat_type, sender, receiver, msg_id, service_type, fields, status, created, modified)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING *`,
      ),
      byKey: p('SELECT * FROM azstack_messages WHERE sender = ? AND msg_id = ?'),
      setStatus: p('UPDATE azstack_messages SET status = ?, modified = ? WHERE seq = ? AND status < ?'),
      recall: p(`UPDATE azstack_messages SET status = 6, fields = ?, modified = ? WHERE seq = ?`),
      seenUpTo: p(
        `UPDATE azstack_messages SET status = 3, modified = @now
         WHERE chat_type = 1 AND sender = @sender AND receiver = @reader AND seq <= @upTo AND status < 3`,
      ),
      mark: p(
        `INSERT INTO azstack_marks (az_id, chat_type, chat_id, read_seq) VALUES (@me, @type, @chat, @seq)
         ON CONFLICT (az_id, chat_type, chat_id) DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)`,
      ),
      clear: p(
        `INSERT INTO azstack_marks (az_id, chat_type, chat_id, cleared_seq, read_seq) VALUES (@me, @type, @chat, @seq, @seq)
         ON CONFLICT (az_id, chat_type, chat_id) DO UPDATE SET cleared_seq = max(cleared_seq, excluded.cleared_seq),
           read_seq = max(read_seq, excluded.read_seq)`,
      ),
      hide: p('INSERT INTO azstack_hidden (az_id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      peers: p(
        `SELECT DISTINCT peer FROM (
           SELECT receiver AS peer FROM azstack_messages WHERE chat_type = 1 AND sender = @me
           UNION SELECT sender AS peer FROM azstack_messages WHERE chat_type = 1 AND receiver = @me
         ) LIMIT 2000`,
      ),
    };
    const c = (sql: string) => chatStatement(db, sql);
    this.chat = {
      lastUntil: c(`SELECT max(m.seq) AS seq FROM azstack_messages m WHERE {IN_CHAT} AND m.created <= @until`),
      unread: c(
        `SELECT m.* FROM azstack_messages m WHERE {IN_CHAT} AND ${VISIBLE} AND m.sender != @me AND m.status != 6 AND m.seq > ${READ_MARK}
         ORDER BY m.seq LIMIT @limit OFFSET @offset`,
      ),
      unreadCount: c(
        `SELECT count(*) AS n FROM azstack_messages m WHERE {IN_CHAT} AND ${VISIBLE} AND m.sender != @me AND m.status != 6
           AND m.service_type IN (5, 146) AND m.seq > ${READ_MARK}`,
      ),
      before: c(`SELECT m.* FROM azstack_messages m WHERE {IN_CHAT} AND ${VISIBLE} AND m.created <= @until ORDER BY m.seq DESC LIMIT @limit OFFSET @offset`),
      last: c(`SELECT m.* FROM azstack_messages m WHERE {IN_CHAT} AND ${VISIBLE} ORDER BY m.seq DESC LIMIT 1`),
    };
  }

  transaction<T>(work: () => T): T {
    return this.inTransaction(work);
  }

  /** The user's AZStack userId, assigned the first time the front meets them. */
  azIdFor(uin: string): number {
    const found = this.q.idOf!.get(toSqlId(uin)) as { az_id: bigint } | undefined;
    if (found) return n(found.az_id);
    return this.transaction(() => {
      const id = BigInt(uin) < SMALL_ID_LIMIT ? Number(uin) : n((this.q.nextMapped!.get() as { next: bigint }).next);
      this.q.assign!.run(id, toSqlId(uin));
      return id;
    });
  }

  /** A user by AZStack userId; a uin below 2^53 is its own userId even before the front met it. */
  user(azId: number): AzUser | null {
    if (!Number.isSafeInteger(azId) || azId <= 0) return null;
    const row = this.q.rowOf!.get(azId) as { uin: bigint; last_visit: bigint } | undefined;
    const uin = row ? String(row.uin) : azId >= MAPPED_ID_LIMIT ? String(azId) : null;
    const record = uin === null ? undefined : this.users.get(uin);
    if (!record) return null;
    const id = row ? azId : this.azIdFor(record.uin);
    return { azId: id, uin: record.uin, username: record.username, fullname: record.displayName, lastVisit: row ? n(row.last_visit) : 0 };
  }

  /** A user by AZStack's azStackUserId, which is the username (any letter case). */
  userByName(username: string): AzUser | null {
    const found = this.users.findForSignIn(username);
    return found ? this.user(this.azIdFor(found.uin)) : null;
  }

  setLastVisit(azId: number, ms: number): void {
    this.q.setVisit!.run(ms, azId);
  }

  /** Stores a message or event; null when (sender, msgId) is taken (the existing one is `byKey`). */
  insert(m: NewMessage): StoredMessage | null {
    if (this.byKey(m.sender, m.msgId)) return null;
    const row = this.q.insert!.get(m.chatType, m.sender, m.receiver, m.msgId, m.serviceType, JSON.stringify(m.fields), m.created, m.created);
    return toMessage(row as Record<string, unknown>);
  }

  byKey(sender: number, msgId: number): StoredMessage | null {
    const row = this.q.byKey!.get(sender, msgId) as Record<string, unknown> | undefined;
    return row ? toMessage(row) : null;
  }

  /** Raises a message's status (never lowers it, never undoes a recall). */
  raiseStatus(seq: number, status: number, now: number): void {
    this.q.setStatus!.run(status, now, seq, status);
  }

  /** A recall: the status becomes 6 and the text goes (it must not outlive the recall). */
  recall(message: StoredMessage, now: number): void {
    const fields = { ...message.fields };
    if ('msg' in fields) fields.msg = '';
    this.q.recall!.run(JSON.stringify(fields), now, message.seq);
  }

  /** `reader` saw everything `sender` sent them up to `upTo`: statuses become 3 and the reader's mark moves. */
  seen1to1(reader: number, sender: number, upTo: number, now: number): void {
    this.transaction(() => {
      this.q.seenUpTo!.run({ now, sender, reader, upTo });
      this.markRead(reader, CHAT_USER, sender, upTo);
    });
  }

  markRead(me: number, type: number, chat: number, seq: number): void {
    this.q.mark!.run({ me, type, chat, seq });
  }

  /** 171: hides the conversation's messages created up to `until` from `me`. */
  clear(me: number, type: number, chat: number, until: number): void {
    const row = of(this.chat.lastUntil, type).get({ me, type, chat, until }) as { seq: bigint | null };
    if (row.seq !== null) this.q.clear!.run({ me, type, chat, seq: n(row.seq) });
  }

  hide(me: number, seq: number): void {
    this.q.hide!.run(me, seq);
  }

  unread(me: number, type: number, chat: number, offset: number, limit: number): StoredMessage[] {
    return (of(this.chat.unread, type).all({ me, type, chat, offset, limit }) as Record<string, unknown>[]).map(toMessage);
  }

  unreadCount(me: number, type: number, chat: number): number {
    return n((of(this.chat.unreadCount, type).get({ me, type, chat }) as { n: bigint }).n);
  }

  /** Newest first, created at or before `until`. */
  before(me: number, type: number, chat: number, until: number, offset: number, limit: number): StoredMessage[] {
    return (of(this.chat.before, type).all({ me, type, chat, until, offset, limit }) as Record<string, unknown>[]).map(toMessage);
  }

  lastVisible(me: number, type: number, chat: number): StoredMessage | null {
    const row = of(this.chat.last, type).get({ me, type, chat }) as Record<string, unknown> | undefined;
    return row ? toMessage(row) : null;
  }

  /** The users `me` has exchanged 1:1 messages with. */
  peers(me: number): number[] {
    return (this.q.peers!.all({ me }) as Array<{ peer: bigint }>).map((r) => n(r.peer));
  }
}
