// The Mingdao front's data (schema migration 9): groups and members, messages (1:1 and
// group in one table), per recipient what is unread, pushed, or owed a withdraw, each
// user's conversation list (pins, removals), inbox notices and removed contacts. IDs are
// decimal strings here and INTEGER in SQLite (sql-ids.ts); times are ms.

import type { Clock } from '../clock';
import { transactionRunner, type Db, type Statement } from '../db';
import type { IdGenerator } from '../ids';
import { fromSqlId, fromSqlInt, toSqlId } from '../sql-ids';
import type { UserRecord, UserStore } from '../users';

/** 1 user, 2 group, 3-100 inbox (3 system, 4 post, 5 calendar, 6 task, 7 knowledge, 100 public account). */
export type SessionType = number;
export const USER = 1;
export const GROUP = 2;

export interface StoredMessage {
  id: string;
  /** 1: to a user, 2: to a group. */
  kind: 1 | 2;
  from: string;
  /** The recipient's uin, or the group id. */
  to: string;
  type: number;
  sysType: number | null;
  con: string;
  extra: MessageExtra;
  time: number;
  withdrawn: boolean;
}

/** What a message carries besides its text, stored as JSON. */
export interface MessageExtra {
  files?: Record<string, unknown>;
  card?: Record<string, unknown>;
  refer?: { msgid: string; msg: string; time: number; user: { id: string; name: string; avatar: string } };
}

export interface Group {
  id: string;
  name: string;
  creator: string;
  banned: boolean;
  createdAt: number;
}

export interface Membership {
  active: boolean;
  admin: boolean;
  push: boolean;
}

export interface Notice {
  id: string;
  type: number;
  value: string;
  con: string;
  time: number;
  unread: boolean;
}

export interface SessionRow {
  type: SessionType;
  /** The user or group id; '0' for an inbox session. */
  peer: string;
  top: boolean;
  removed: boolean;
  updatedAt: number;
}

export interface Recipient {
  uin: string;
  unread: boolean;
  /** Online now: the message is pushed to them right after it is stored. */
  delivered?: boolean;
}

/** The conversation key of a message: one per pair of users, one per group. */
export function convOf(kind: 1 | 2, a: string, b: string): string {
  if (kind === GROUP) return `g:${b}`;
  const [x, y] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  return `u:${x}:${y}`;
}

function toMessage(r: Record<string, unknown>): StoredMessage {
  const conv = r.conv as string;
  let extra: MessageExtra;
  try {
    extra = JSON.parse(r.extra as string) as MessageExtra;
  } catch {
    extra = {}; // written by this store as JSON: cannot happen, but a bad row must not break a push
  }
  return {
    id: fromSqlId(r.message_id),
    kind: conv.startsWith('g:') ? GROUP : USER,
    from: fromSqlId(r.from_uin),
    to: fromSqlId(r.to_id),
    type: fromSqlInt(r.type),
    sysType: r.sys_type === null ? null : fromSqlInt(r.sys_type),
    con: r.con as string,
    extra,
    time: fromSqlInt(r.created_at),
    withdrawn: fromSqlInt(r.withdrawn) === 1,
  };
}

/**
 * Ids from the server's generators, but never at or below one this front already stored:
 * the generators' floors after a restart come from the Netalo tables only.
 */
function monotonic(gen: IdGenerator, floor: bigint): () => string {
  let last = floor;
  return () => {
    let id = BigInt(gen.next());
    if (id <= last) id = last + 1n;
    last = id;
    return id.toString();
  };
}

export class MingdaoStore {
  private readonly q: Record<string, Statement>;
  private readonly inTransaction: <T>(work: () => T) => T;
  readonly nextMessageId: () => string;
  readonly nextGroupId: () => string;

  constructor(
    db: Db,
    private readonly users: UserStore,
    private readonly clock: Clock,
    ids: { messages: IdGenerator; groups: IdGenerator },
  ) {
    this.inTransaction = transactionRunner(db);
    const p = (sql: string) => db.prepare(sql);
    const maxOf = (sql: string) => BigInt((db.prepare(sql).get() as { m: bigint }).m);
    this.nextMessageId = monotonic(
      ids.messages,
      [maxOf('SELECT coalesce(max(message_id), 0) AS m FROM mingdao_messages'), maxOf('SELECT coalesce(max(notice_id), 0) AS m FROM mingdao_inbox')].reduce((a, b) => (a > b ? a : b)),
    );
    this.nextGroupId = monotonic(ids.groups, maxOf('SELECT coalesce(max(group_id), 0) AS m FROM mingdao_groups'));
    this.q = {
      group: p('SELECT * FROM mingdao_groups WHERE group_id = ?'),
      insertGroup: p('INSERT INTO mingdao_groups (group_id, name, creator_uin, created_at) VALUES (?, ?, ?, ?)'),
      renameGroup: p('UPDATE mingdao_groups SET name = ? WHERE group_id = ?'),
      banGroup: p('UPDATE mingdao_groups SET banned = ? WHERE group_id = ?'),
      member: p('SELECT active, admin, push FROM mingdao_group_members WHERE group_id = ? AND uin = ?'),
      members: p('SELECT uin FROM mingdao_group_members WHERE group_id = ? AND active = 1 ORDER BY joined_at, uin'),
      admins: p('SELECT uin FROM mingdao_group_members WHERE group_id = ? AND active = 1 AND admin = 1 ORDER BY uin'),
      addMember: p(
        `INSERT INTO mingdao_group_members (group_id, uin, active, admin, joined_at) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (group_id, uin) DO UPDATE SET active = 1, admin = excluded.admin, joined_at = excluded.joined_at`,
      ),
      leave: p('UPDATE mingdao_group_members SET active = 0, admin = 0 WHERE group_id = ? AND uin = ?'),
      setAdmin: p('UPDATE mingdao_group_members SET admin = ? WHERE group_id = ? AND uin = ? AND active = 1'),
      setPush: p('UPDATE mingdao_group_members SET push = ? WHERE group_id = ? AND uin = ?'),
      insertMessage: p(
        `INSERT INTO mingdao_messages (message_id, conv, from_uin, to_id, type, sys_type, con, extra, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      message: p('SELECT * FROM mingdao_messages WHERE message_id = ?'),
      lastShown: p('SELECT * FROM mingdao_messages WHERE conv = ? AND withdrawn = 0 ORDER BY message_id DESC LIMIT 1'),
      lastAny: p('SELECT * FROM mingdao_messages WHERE conv = ? ORDER BY message_id DESC LIMIT 1'),
      withdraw: p('UPDATE mingdao_messages SET withdrawn = 1 WHERE message_id = ?'),
      insertReceipt: p('INSERT INTO mingdao_receipts (uin, message_id, session_type, session_id, unread, delivered) VALUES (?, ?, ?, ?, ?, ?)'),
      receiptsOf: p('SELECT uin, delivered FROM mingdao_receipts WHERE message_id = ?'),
      withdrawReceipt: p('UPDATE mingdao_receipts SET unread = 0, withdraw_pending = ? WHERE uin = ? AND message_id = ?'),
      unreadToPush: p(
        `SELECT m.* FROM mingdao_receipts r JOIN mingdao_messages m ON m.message_id = r.message_id
         WHERE r.uin = ? AND r.unread = 1 AND m.withdrawn = 0 ORDER BY m.message_id LIMIT ?`,
      ),
      pendingWithdraws: p(
        `SELECT m.* FROM mingdao_receipts r JOIN mingdao_messages m ON m.message_id = r.message_id
         WHERE r.uin = ? AND r.withdraw_pending = 1 ORDER BY m.message_id LIMIT 1000`,
      ),
      toldWithdraw: p('UPDATE mingdao_receipts SET withdraw_pending = 0 WHERE uin = ? AND message_id = ?'),
      delivered: p('UPDATE mingdao_receipts SET delivered = 1 WHERE uin = ? AND message_id = ?'),
      unreadBySession: p(
        `SELECT session_type, session_id, count(*) AS n FROM mingdao_receipts
         WHERE uin = ? AND unread = 1 GROUP BY session_type, session_id`,
      ),
      unreadOfSession: p('SELECT count(*) AS n FROM mingdao_receipts WHERE uin = ? AND unread = 1 AND session_type = ? AND session_id = ?'),
      clearSession: p('UPDATE mingdao_receipts SET unread = 0 WHERE uin = ? AND unread = 1 AND session_type = ? AND session_id = ?'),
      clearAll: p('UPDATE mingdao_receipts SET unread = 0 WHERE uin = ? AND unread = 1'),
      touchSession: p(
        `INSERT INTO mingdao_sessions (uin, type, peer_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (uin, type, peer_id) DO UPDATE SET removed = 0, updated_at = excluded.updated_at`,
      ),
      ensureSession: p(
        `INSERT INTO mingdao_sessions (uin, type, peer_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (uin, type, peer_id) DO NOTHING`,
      ),
      session: p('SELECT * FROM mingdao_sessions WHERE uin = ? AND type = ? AND peer_id = ?'),
      sessions: p(
        `SELECT * FROM mingdao_sessions WHERE uin = ? AND removed = 0
         ORDER BY top DESC, updated_at DESC, type, peer_id LIMIT ? OFFSET ?`,
      ),
      setTop: p('UPDATE mingdao_sessions SET top = ? WHERE uin = ? AND type = ? AND peer_id = ?'),
      removeSession: p('UPDATE mingdao_sessions SET removed = 1, top = 0 WHERE uin = ? AND type = ? AND peer_id = ?'),
      insertNotice: p('INSERT INTO mingdao_inbox (notice_id, uin, type, value, con, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      anyNotice: p('SELECT 1 FROM mingdao_inbox WHERE uin = ? LIMIT 1'),
      lastNotice: p('SELECT * FROM mingdao_inbox WHERE uin = ? AND type = ? ORDER BY notice_id DESC LIMIT 1'),
      noticeUnread: p('SELECT count(*) AS n FROM mingdao_inbox WHERE uin = ? AND type = ? AND unread = 1'),
      inboxTypes: p('SELECT DISTINCT type FROM mingdao_inbox WHERE uin = ? ORDER BY type'),
      clearInboxType: p('UPDATE mingdao_inbox SET unread = 0 WHERE uin = ? AND type = ? AND unread = 1'),
      clearInbox: p('UPDATE mingdao_inbox SET unread = 0 WHERE uin = ? AND unread = 1'),
      removedContact: p(
        `SELECT 1 FROM mingdao_removed_contacts WHERE (uin = @a AND contact_uin = @b) OR (uin = @b AND contact_uin = @a) LIMIT 1`,
      ),
      removeContact: p('INSERT INTO mingdao_removed_contacts (uin, contact_uin, removed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.inTransaction(work);
  }

  user(uin: string): UserRecord | undefined {
    return this.users.get(uin);
  }

  /** Everyone is everyone's contact unless either of the two removed the other. */
  areContacts(a: string, b: string): boolean {
    return this.q.removedContact!.get({ a: toSqlId(a), b: toSqlId(b) }) === undefined;
  }

  removeContact(uin: string, contact: string): void {
    this.q.removeContact!.run(toSqlId(uin), toSqlId(contact), this.clock());
  }

  // ---- groups ----

  group(id: string): Group | null {
    const r = this.q.group!.get(toSqlId(id)) as Record<string, unknown> | undefined;
    if (!r) return null;
    return { id, name: r.name as string, creator: fromSqlId(r.creator_uin), banned: fromSqlInt(r.banned) === 1, createdAt: fromSqlInt(r.created_at) };
  }

  membership(groupId: string, uin: string): Membership | null {
    const r = this.q.member!.get(toSqlId(groupId), toSqlId(uin)) as Record<string, unknown> | undefined;
    return r ? { active: fromSqlInt(r.active) === 1, admin: fromSqlInt(r.admin) === 1, push: fromSqlInt(r.push) === 1 } : null;
  }

  members(groupId: string): string[] {
    return (this.q.members!.all(toSqlId(groupId)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
  }

  admins(groupId: string): string[] {
    return (this.q.admins!.all(toSqlId(groupId)) as Array<{ uin: bigint }>).map((r) => fromSqlId(r.uin));
  }

  /** A new group: the creator is its first member and admin. Call inside a transaction with its first line. */
  createGroup(name: string, creator: string, members: string[]): Group {
    const id = this.nextGroupId();
    const now = this.clock();
    this.q.insertGroup!.run(toSqlId(id), name, toSqlId(creator), now);
    this.q.addMember!.run(toSqlId(id), toSqlId(creator), 1, now);
    for (const uin of members) if (uin !== creator) this.q.addMember!.run(toSqlId(id), toSqlId(uin), 0, now);
    return { id, name, creator, banned: false, createdAt: now };
  }

  addMember(groupId: string, uin: string): void {
    this.q.addMember!.run(toSqlId(groupId), toSqlId(uin), 0, this.clock());
  }

  leave(groupId: string, uin: string): void {
    this.q.leave!.run(toSqlId(groupId), toSqlId(uin));
  }

  setAdmin(groupId: string, uin: string, admin: boolean): void {
    this.q.setAdmin!.run(admin ? 1 : 0, toSqlId(groupId), toSqlId(uin));
  }

  setPush(groupId: string, uin: string, push: boolean): void {
    this.q.setPush!.run(push ? 1 : 0, toSqlId(groupId), toSqlId(uin));
  }

  rename(groupId: string, name: string): void {
    this.q.renameGroup!.run(name, toSqlId(groupId));
  }

  setBanned(groupId: string, banned: boolean): void {
    this.q.banGroup!.run(banned ? 1 : 0, toSqlId(groupId));
  }

  // ---- messages ----

  /**
   * Stores a message, a receipt per recipient, and brings the conversation to the top of
   * the sender's and every recipient's list (a removed session comes back).
   */
  insertMessage(m: { kind: 1 | 2; from: string; to: string; type: number; sysType?: number; con: string; extra?: MessageExtra; recipients: Recipient[] }): StoredMessage {
    const id = this.nextMessageId();
    const time = this.clock();
    const extra = m.extra ?? {};
    this.q.insertMessage!.run(toSqlId(id), convOf(m.kind, m.from, m.to), toSqlId(m.from), toSqlId(m.to), m.type, m.sysType ?? null, m.con, JSON.stringify(extra), time);
    // The recipient's session is the sender (1:1) or the group.
    const sessionId = m.kind === GROUP ? m.to : m.from;
    for (const r of m.recipients) {
      this.q.insertReceipt!.run(toSqlId(r.uin), toSqlId(id), m.kind, toSqlId(sessionId), r.unread ? 1 : 0, r.delivered ? 1 : 0);
      this.q.touchSession!.run(toSqlId(r.uin), m.kind, toSqlId(sessionId), time);
    }
    this.q.touchSession!.run(toSqlId(m.from), m.kind, toSqlId(m.to), time);
    return { id, kind: m.kind, from: m.from, to: m.to, type: m.type, sysType: m.sysType ?? null, con: m.con, extra, time, withdrawn: false };
  }

  message(id: string): StoredMessage | null {
    const r = this.q.message!.get(toSqlId(id)) as Record<string, unknown> | undefined;
    return r ? toMessage(r) : null;
  }

  /** The conversation's newest message that is not withdrawn, else its newest. */
  lastMessage(conv: string): StoredMessage | null {
    const r = (this.q.lastShown!.get(conv) ?? this.q.lastAny!.get(conv)) as Record<string, unknown> | undefined;
    return r ? toMessage(r) : null;
  }

  /**
   * Withdraws a message: no longer unread anywhere. Returns its recipients; `online` says
   * who can be told now; the others who had it pushed are told at their next connection.
   */
  withdraw(id: string, online: (uin: string) => boolean): string[] {
    return this.transaction(() => {
      this.q.withdraw!.run(toSqlId(id));
      const rows = this.q.receiptsOf!.all(toSqlId(id)) as Array<{ uin: bigint; delivered: bigint }>;
      return rows.map((r) => {
        const uin = fromSqlId(r.uin);
        const owed = fromSqlInt(r.delivered) === 1 && !online(uin);
        this.q.withdrawReceipt!.run(owed ? 1 : 0, r.uin, toSqlId(id));
        return uin;
      });
    });
  }

  /** Unread messages to push at connection, oldest first. */
  unreadToPush(uin: string, limit: number): StoredMessage[] {
    return (this.q.unreadToPush!.all(toSqlId(uin), limit) as Record<string, unknown>[]).map(toMessage);
  }

  /** Withdrawn messages the user had been pushed and was not told about. */
  pendingWithdraws(uin: string): StoredMessage[] {
    return (this.q.pendingWithdraws!.all(toSqlId(uin)) as Record<string, unknown>[]).map(toMessage);
  }

  toldWithdraw(uin: string, messageId: string): void {
    this.q.toldWithdraw!.run(toSqlId(uin), toSqlId(messageId));
  }

  markDelivered(uin: string, messageId: string): void {
    this.q.delivered!.run(toSqlId(uin), toSqlId(messageId));
  }

  // ---- unread ----

  unreadCounts(uin: string): Array<{ type: number; id: string; num: number }> {
    const rows = this.q.unreadBySession!.all(toSqlId(uin)) as Array<{ session_type: bigint; session_id: bigint; n: bigint }>;
    return rows.map((r) => ({ type: fromSqlInt(r.session_type), id: fromSqlId(r.session_id), num: fromSqlInt(r.n) }));
  }

  unreadOf(uin: string, type: number, id: string): number {
    return fromSqlInt((this.q.unreadOfSession!.get(toSqlId(uin), type, toSqlId(id)) as { n: bigint }).n);
  }

  clearUnread(uin: string, type: number, id: string): void {
    this.q.clearSession!.run(toSqlId(uin), type, toSqlId(id));
  }

  clearAllUnread(uin: string): void {
    this.transaction(() => {
      this.q.clearAll!.run(toSqlId(uin));
      this.q.clearInbox!.run(toSqlId(uin));
    });
  }

  // ---- the conversation list ----

  session(uin: string, type: number, peer: string): SessionRow | null {
    const r = this.q.session!.get(toSqlId(uin), type, toSqlId(peer)) as Record<string, unknown> | undefined;
    return r ? toSession(r) : null;
  }

  sessions(uin: string, limit: number, offset: number): SessionRow[] {
    return (this.q.sessions!.all(toSqlId(uin), limit, offset) as Record<string, unknown>[]).map(toSession);
  }

  /** Pins or unpins, making the session (without bringing back a removed one's messages) if needed. */
  setTop(uin: string, type: number, peer: string, top: boolean): void {
    this.transaction(() => {
      this.q.ensureSession!.run(toSqlId(uin), type, toSqlId(peer), this.clock());
      this.q.setTop!.run(top ? 1 : 0, toSqlId(uin), type, toSqlId(peer));
    });
  }

  /** Hides a session until its next message, and clears its unread count. */
  removeSession(uin: string, type: number, peer: string): void {
    this.transaction(() => {
      this.q.removeSession!.run(toSqlId(uin), type, toSqlId(peer));
      if (type === USER || type === GROUP) this.q.clearSession!.run(toSqlId(uin), type, toSqlId(peer));
      else this.q.clearInboxType!.run(toSqlId(uin), type);
    });
  }

  // ---- inbox ----

  hasNotices(uin: string): boolean {
    return this.q.anyNotice!.get(toSqlId(uin)) !== undefined;
  }

  addNotice(uin: string, type: number, value: string, con: string): Notice {
    return this.transaction(() => {
      const id = this.nextMessageId();
      const time = this.clock();
      this.q.insertNotice!.run(toSqlId(id), toSqlId(uin), type, value, con, time);
      this.q.touchSession!.run(toSqlId(uin), type, 0, time);
      return { id, type, value, con, time, unread: true };
    });
  }

  lastNotice(uin: string, type: number): Notice | null {
    const r = this.q.lastNotice!.get(toSqlId(uin), type) as Record<string, unknown> | undefined;
    if (!r) return null;
    return { id: fromSqlId(r.notice_id), type, value: r.value as string, con: r.con as string, time: fromSqlInt(r.created_at), unread: fromSqlInt(r.unread) === 1 };
  }

  noticeUnread(uin: string, type: number): number {
    return fromSqlInt((this.q.noticeUnread!.get(toSqlId(uin), type) as { n: bigint }).n);
  }

  inboxTypes(uin: string): number[] {
    return (this.q.inboxTypes!.all(toSqlId(uin)) as Array<{ type: bigint }>).map((r) => fromSqlInt(r.type));
  }

  clearInboxType(uin: string, type: number): void {
    this.q.clearInboxType!.run(toSqlId(uin), type);
  }
}

function toSession(r: Record<string, unknown>): SessionRow {
  return {
    type: fromSqlInt(r.type),
    peer: fromSqlId(r.peer_id),
    top: fromSqlInt(r.top) === 1,
    removed: fromSqlInt(r.removed) === 1,
    updatedAt: fromSqlInt(r.updated_at),
  };
}
