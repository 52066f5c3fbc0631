// The talker front's data: the reference server's users under talker's small integer ids,
// talker's messages (one conversation per pair of users), blocks and email registrations.
// Same SQLite database as the Netalo front (schema migration 2).

import type { Clock } from '../clock';
import { transactionRunner, type Db, type Statement } from '../db';
import { toSqlId } from '../sql-ids';
import type { UserRecord, UserStore } from '../users';

export type ContentType = 'text' | 'photo' | 'video' | 'audio' | 'file';
export const CONTENT_TYPES: readonly ContentType[] = ['text', 'photo', 'video', 'audio', 'file'];

/**
 * What one read of messages may carry, in characters of content. A message may carry 10 MB of
 * media, so a page of rows is bounded by size too: 420 photos waiting for a user who was away
 * were read at once at her sign-in (4 GB), which froze the server for 17 s and then ran it out
 * of memory, at every sign-in of hers after; a history page of 200 of them froze it for 30 s.
 * A read ends before the row that would pass this, and always holds at least one row.
 */
export const PAGE_CHARS = 16 * 1024 * 1024;

/** A message as talker sends it, field for field. */
export interface TalkerRow {
  id: number;
  from_user: number;
  to_user: number;
  content: string;
  content_type: ContentType;
  readen: string | null;
  notified: 0 | 1;
  init_date: string;
}

export interface TalkerUser {
  id: number;
  username: string;
  uin: string;
}

/** SQLite's CURRENT_TIMESTAMP format, UTC: what talker clients parse. */
export function sqliteDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

// safeIntegers: SQLite integers come back as BigInt; talker ids are small.
const num = (v: unknown): number => Number(v);

function toRow(r: Record<string, unknown>): TalkerRow {
  return {
    id: num(r.id),
    from_user: num(r.from_user),
    to_user: num(r.to_user),
    content: r.content as string,
    content_type: r.content_type as ContentType,
    readen: (r.readen as string | null) ?? null,
    notified: num(r.notified) ? 1 : 0,
    init_date: r.init_date as string,
  };
}

export class TalkerStore {
  private readonly q: Record<string, Statement>;
  private readonly inTransaction: <T>(work: () => T) => T;

  constructor(
    db: Db,
    private readonly users: UserStore,
    private readonly clock: Clock,
  ) {
    this.inTransaction = transactionRunner(db);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      idOf: p('SELECT talker_id FROM talker_ids WHERE uin = ?'),
      assign: p('INSERT INTO talker_ids (uin) VALUES (?) ON CONFLICT (uin) DO NOTHING'),
      uinOf: p('SELECT uin FROM talker_ids WHERE talker_id = ?'),
      byEmail: p('SELECT uin FROM talker_emails WHERE email_key = ?'),
      insert: p(
        `INSERT INTO talker_messages (from_user, to_user, content, content_type, notified, init_date)
         VALUES (?, ?, ?, ?, 0, ?) RETURNING *`,
      ),
      get: p('SELECT * FROM talker_messages WHERE id = ?'),
      undelivered: p('SELECT * FROM talker_messages WHERE to_user = ? AND notified = 0 ORDER BY id LIMIT 1000'),
      setNotified: p('UPDATE talker_messages SET notified = 1 WHERE id = ?'),
      unreadUpTo: p(
        `SELECT id FROM talker_messages WHERE from_user = ? AND to_user = ? AND id <= ? AND readen IS NULL ORDER BY id`,
      ),
      markRead: p(`UPDATE talker_messages SET readen = ? WHERE from_user = ? AND to_user = ? AND id <= ? AND readen IS NULL`),
      history: p(
        `SELECT * FROM talker_messages
         WHERE ((from_user = @me AND to_user = @peer) OR (from_user = @peer AND to_user = @me)) AND id < @before
         ORDER BY id DESC LIMIT @limit`,
      ),
      peers: p(
        `SELECT peer, max(id) AS last_id FROM (
           SELECT to_user AS peer, id FROM talker_messages WHERE from_user = @me
           UNION ALL
           SELECT from_user AS peer, id FROM talker_messages WHERE to_user = @me
         ) GROUP BY peer ORDER BY last_id DESC LIMIT 500`,
      ),
      unread: p('SELECT count(*) AS n FROM talker_messages WHERE from_user = ? AND to_user = ? AND readen IS NULL'),
      search: p(
        `SELECT * FROM talker_messages
         WHERE ((from_user = @me AND to_user = @peer) OR (from_user = @peer AND to_user = @me))
           AND content_type = 'text' AND instr(lower(content), @text) > 0
         ORDER BY id DESC LIMIT 100`,
      ),
      block: p('INSERT INTO talker_blocks (by_user, blocked_user) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      unblock: p('DELETE FROM talker_blocks WHERE by_user = ? AND blocked_user = ?'),
      blocked: p('SELECT blocked_user FROM talker_blocks WHERE by_user = ? ORDER BY blocked_user'),
      isBlocked: p('SELECT 1 FROM talker_blocks WHERE by_user = ? AND blocked_user = ?'),
      register: p(
        'INSERT INTO talker_registrations (uuid, email_key, username, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ),
      registration: p('SELECT * FROM talker_registrations WHERE id = ?'),
      dropRegistration: p('DELETE FROM talker_registrations WHERE id = ?'),
      addEmail: p('INSERT INTO talker_emails (uin, email_key) VALUES (?, ?)'),
    };
  }

  /** The user's talker id, assigned the first time talker sees them. */
  idFor(uin: string): number {
    const found = this.q.idOf!.get(toSqlId(uin)) as { talker_id: bigint } | undefined;
    if (found) return num(found.talker_id);
    this.q.assign!.run(toSqlId(uin));
    return num((this.q.idOf!.get(toSqlId(uin)) as { talker_id: bigint }).talker_id);
  }

  /** The reference server's user behind a talker id, if any. */
  userOf(talkerId: number): TalkerUser | null {
    const row = this.q.uinOf!.get(talkerId) as { uin: bigint } | undefined;
    if (!row) return null;
    const user = this.users.get(String(row.uin));
    return user ? { id: talkerId, username: user.username, uin: user.uin } : null;
  }

  /** By username (any case) or email: talker's `login`. */
  findForLogin(login: string): (UserRecord & { passwordHash: string }) | undefined {
    const byName = this.users.findForSignIn(login);
    if (byName) return byName;
    const row = this.q.byEmail!.get(login.toLowerCase()) as { uin: bigint } | undefined;
    const user = row && this.users.get(String(row.uin));
    return user ? this.users.findForSignIn(user.username) : undefined;
  }

  emailUsed(email: string): boolean {
    return this.q.byEmail!.get(email.toLowerCase()) !== undefined;
  }

  insertMessage(from: number, to: number, content: string, type: ContentType): TalkerRow {
    return toRow(this.q.insert!.get(from, to, content, type, sqliteDate(this.clock())) as Record<string, unknown>);
  }

  message(id: number): TalkerRow | null {
    const row = this.q.get!.get(id) as Record<string, unknown> | undefined;
    return row ? toRow(row) : null;
  }

  /** The oldest messages not yet delivered to `to`, as many as fit in PAGE_CHARS. */
  undelivered(to: number): TalkerRow[] {
    return upToChars(this.q.undelivered!.iterate(to) as IterableIterator<Record<string, unknown>>);
  }

  setNotified(id: number): void {
    this.q.setNotified!.run(id);
  }

  /** Marks everything `from` sent `to` up to `upTo` read; returns the ids that changed, oldest first. */
  markRead(from: number, to: number, upTo: number): number[] {
    return this.inTransaction(() => {
      const ids = (this.q.unreadUpTo!.all(from, to, upTo) as Array<{ id: bigint }>).map((r) => num(r.id));
      if (ids.length) this.q.markRead!.run(sqliteDate(this.clock()), from, to, upTo);
      return ids;
    });
  }

  /** Newest first. */
  history(me: number, peer: number, before: number, limit: number): TalkerRow[] {
    return upToChars(this.q.history!.iterate({ me, peer, before, limit }) as IterableIterator<Record<string, unknown>>);
  }

  /** One entry per peer, newest activity first. */
  contacts(me: number): Array<{ id: number; username: string; avatar: string; last_messeage: TalkerRow | null; unread: number }> {
    const peers = this.q.peers!.all({ me }) as Array<{ peer: bigint; last_id: bigint }>;
    return peers.map(({ peer, last_id }) => {
      const id = num(peer);
      return {
        id,
        username: this.userOf(id)?.username ?? `#${id}`,
        avatar: '',
        last_messeage: this.message(num(last_id)),
        unread: num((this.q.unread!.get(id, me) as { n: bigint }).n),
      };
    });
  }

  searchMessages(me: number, peer: number, text: string): TalkerRow[] {
    return (this.q.search!.all({ me, peer, text: text.toLowerCase() }) as Record<string, unknown>[]).map(toRow);
  }

  setBlocked(by: number, user: number, blocked: boolean): void {
    (blocked ? this.q.block! : this.q.unblock!).run(by, user);
  }

  blockedBy(by: number): number[] {
    return (this.q.blocked!.all(by) as Array<{ blocked_user: bigint }>).map((r) => num(r.blocked_user));
  }

  isBlocked(by: number, user: number): boolean {
    return this.q.isBlocked!.get(by, user) !== undefined;
  }

  addRegistration(r: { uuid: string; email: string; username: string; passwordHash: string }): number {
    const row = this.q.register!.get(r.uuid, r.email.toLowerCase(), r.username, r.passwordHash, this.clock()) as { id: bigint };
    return num(row.id);
  }

  registration(id: number): { uuid: string; email: string; username: string; passwordHash: string } | null {
    const row = this.q.registration!.get(id) as Record<string, unknown> | undefined;
    if (!row) return null;
    return { uuid: row.uuid as string, email: row.email_key as string, username: row.username as string, passwordHash: row.password_hash as string };
  }

  /** Completes a registration: the email joins the user, the registration goes. */
  confirmRegistration(id: number, uin: string, email: string): void {
    this.inTransaction(() => {
      this.q.addEmail!.run(toSqlId(uin), email.toLowerCase());
      this.q.dropRegistration!.run(id);
    });
  }
}

/** Rows in order until the next would pass PAGE_CHARS of content (at least one); the rest are not read. */
function upToChars(rows: IterableIterator<Record<string, unknown>>): TalkerRow[] {
  const out: TalkerRow[] = [];
  let chars = 0;
  for (const raw of rows) {
    const row = toRow(raw);
    chars += row.content.length;
    if (out.length > 0 && chars > PAGE_CHARS) break;
    out.push(row);
  }
  return out;
}
