// The Haraj front's data (schema migration 8): the reference server's users under Haraj's
// small integer ids, p2p topics (`p2p<a>_<b>`, a < b) and their messages. Message packets
// are built here, field for field as the document shows them.

import type { Clock } from '../clock';
import { transactionRunner, type Db, type Statement } from '../db';
import { toSqlId } from '../sql-ids';
import type { UserRecord, UserStore } from '../users';
import { isoTime } from './replies';

export interface HarajUser {
  id: number;
  uin: string;
  username: string;
  name: string;
}

export interface Content {
  type: string;
  payload: Record<string, unknown>;
}

/** The document's message packet body. */
export interface MessagePacket {
  topic_id: string;
  seq_id: number;
  from_id: number;
  name: string;
  content: Content;
  /** The recipient's id → read. */
  status: Record<string, boolean>;
  ts: string;
  /** Parley's extension, to the sender only: the nonce their send carried. */
  nonce?: string;
}

export interface StoredMessage {
  seqId: number;
  topicId: string;
  fromId: number;
  toId: number;
  content: Content;
  nonce: string | null;
  readAt: number | null;
  createdAt: number;
}

export interface Topic {
  topicId: string;
  userA: number;
  userB: number;
  createdAt: number;
}

const num = (v: unknown): number => Number(v);

/** The topic of a pair: the smaller id first, as in the document's `p2p1_2`. */
export function topicIdOf(a: number, b: number): string {
  return a < b ? `p2p${a}_${b}` : `p2p${b}_${a}`;
}

const TOPIC_PATTERN = /^p2p([1-9]\d{0,14})_([1-9]\d{0,14})$/;

/** The two members named by a topic id, or null when it is not one. */
export function parseTopicId(topicId: string): [number, number] | null {
  const m = TOPIC_PATTERN.exec(topicId);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a < b ? [a, b] : null;
}

function toStored(r: Record<string, unknown>): StoredMessage {
  return {
    seqId: num(r.seq_id),
    topicId: r.topic_id as string,
    fromId: num(r.from_id),
    toId: num(r.to_id),
    content: JSON.parse(r.content as string) as Content,
    nonce: (r.nonce as string | null) ?? null,
    readAt: r.read_at === null || r.read_at === undefined ? null : num(r.read_at),
    createdAt: num(r.created_at),
  };
}

function toTopic(r: Record<string, unknown>): Topic {
  return { topicId: r.topic_id as string, userA: num(r.user_a), userB: num(r.user_b), createdAt: num(r.created_at) };
}

export class HarajStore {
  private readonly q: Record<string, Statement>;
  private readonly inTransaction: <T>(work: () => T) => T;
  /** seq_ids grow with time (ms) and never repeat, across restarts too. */
  private lastSeq: number;

  constructor(
    db: Db,
    private readonly users: UserStore,
    private readonly clock: Clock,
  ) {
    this.inTransaction = transactionRunner(db);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      idOf: p('SELECT haraj_id FROM haraj_ids WHERE uin = ?'),
      assign: p('INSERT INTO haraj_ids (uin) VALUES (?) ON CONFLICT (uin) DO NOTHING'),
      uinOf: p('SELECT uin FROM haraj_ids WHERE haraj_id = ?'),
      topic: p('SELECT * FROM haraj_topics WHERE topic_id = ?'),
      addTopic: p('INSERT INTO haraj_topics (topic_id, user_a, user_b, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      topicsOf: p(
        `SELECT t.*, (SELECT max(seq_id) FROM haraj_messages m WHERE m.topic_id = t.topic_id) AS last_seq
         FROM haraj_topics t WHERE t.user_a = @me OR t.user_b = @me
         ORDER BY coalesce(last_seq, t.created_at) DESC LIMIT @limit`,
      ),
      insert: p(
        `INSERT INTO haraj_messages (seq_id, topic_id, from_id, to_id, content, nonce, read_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, ?) RETURNING *`,
      ),
      byNonce: p('SELECT * FROM haraj_messages WHERE from_id = ? AND topic_id = ? AND nonce = ?'),
      message: p('SELECT * FROM haraj_messages WHERE seq_id = ?'),
      history: p('SELECT * FROM haraj_messages WHERE topic_id = ? AND seq_id < ? ORDER BY seq_id DESC LIMIT ?'),
      last: p('SELECT * FROM haraj_messages WHERE topic_id = ? ORDER BY seq_id DESC LIMIT 1'),
      unread: p('SELECT count(*) AS n FROM haraj_messages WHERE to_id = ? AND topic_id = ? AND read_at IS NULL'),
      unreadUpTo: p('SELECT seq_id FROM haraj_messages WHERE to_id = ? AND topic_id = ? AND seq_id <= ? AND read_at IS NULL ORDER BY seq_id LIMIT 10000'),
      unreadOne: p('SELECT seq_id FROM haraj_messages WHERE to_id = ? AND topic_id = ? AND seq_id = ? AND read_at IS NULL'),
      markRead: p('UPDATE haraj_messages SET read_at = ? WHERE seq_id = ?'),
      maxSeq: p('SELECT max(seq_id) AS s FROM haraj_messages'),
    };
    this.lastSeq = num((this.q.maxSeq!.get() as { s: bigint | null }).s ?? 0);
  }

  /** The user's Haraj id, assigned the first time the Haraj front sees them. */
  idFor(uin: string): number {
    const found = this.q.idOf!.get(toSqlId(uin)) as { haraj_id: bigint } | undefined;
    if (found) return num(found.haraj_id);
    this.q.assign!.run(toSqlId(uin));
    return num((this.q.idOf!.get(toSqlId(uin)) as { haraj_id: bigint }).haraj_id);
  }

  userOf(harajId: number): HarajUser | null {
    if (!Number.isSafeInteger(harajId) || harajId <= 0) return null;
    const row = this.q.uinOf!.get(harajId) as { uin: bigint } | undefined;
    if (!row) return null;
    const user = this.users.get(String(row.uin));
    return user ? this.toUser(harajId, user) : null;
  }

  toUser(id: number, user: UserRecord): HarajUser {
    return { id, uin: user.uin, username: user.username, name: user.displayName };
  }

  topic(topicId: string): Topic | null {
    const row = this.q.topic!.get(topicId) as Record<string, unknown> | undefined;
    return row ? toTopic(row) : null;
  }

  /** The p2p topic of two users, created on first use. */
  openTopic(me: number, peer: number): Topic {
    const topicId = topicIdOf(me, peer);
    this.q.addTopic!.run(topicId, Math.min(me, peer), Math.max(me, peer), this.clock());
    return this.topic(topicId)!;
  }

  /** Do these two users share a p2p topic (the document's "p2p connection")? */
  connected(a: number, b: number): boolean {
    return a !== b && this.topic(topicIdOf(a, b)) !== null;
  }

  /** The user's topics, newest activity first. */
  topicsOf(me: number, limit: number): Topic[] {
    return (this.q.topicsOf!.all({ me, limit }) as Record<string, unknown>[]).map(toTopic);
  }

  /** Stores a message; a nonce the sender already used in this topic returns that message instead (and `created` false). */
  insertMessage(m: { topicId: string; fromId: number; toId: number; content: Content; nonce?: string }): { message: StoredMessage; created: boolean } {
    return this.inTransaction(() => {
      if (m.nonce !== undefined) {
        const existing = this.q.byNonce!.get(m.fromId, m.topicId, m.nonce) as Record<string, unknown> | undefined;
        if (existing) return { message: toStored(existing), created: false };
      }
      const now = this.clock();
      const seq = Math.max(this.lastSeq + 1, now);
      const row = this.q.insert!.get(seq, m.topicId, m.fromId, m.toId, JSON.stringify(m.content), m.nonce ?? null, now) as Record<string, unknown>;
      this.lastSeq = seq;
      return { message: toStored(row), created: true };
    });
  }

  message(seqId: number): StoredMessage | null {
    const row = this.q.message!.get(seqId) as Record<string, unknown> | undefined;
    return row ? toStored(row) : null;
  }

  /** Newest first, only seq_ids below `before`. */
  history(topicId: string, before: number, limit: number): StoredMessage[] {
    return (this.q.history!.all(topicId, before, limit) as Record<string, unknown>[]).map(toStored);
  }

  lastMessage(topicId: string): StoredMessage | null {
    const row = this.q.last!.get(topicId) as Record<string, unknown> | undefined;
    return row ? toStored(row) : null;
  }

  unreadCount(me: number, topicId: string): number {
    return num((this.q.unread!.get(me, topicId) as { n: bigint }).n);
  }

  /**
   * Marks messages to `me` in the topic read: the listed ones and everything up to `upTo`.
   * Returns the seq_ids that changed, oldest first (ones already read, or not to `me`, are skipped).
   */
  markRead(me: number, topicId: string, seqIds: number[], upTo: number | undefined): number[] {
    return this.inTransaction(() => {
      const changed = new Set<number>();
      if (upTo !== undefined) {
        for (const r of this.q.unreadUpTo!.all(me, topicId, upTo) as Array<{ seq_id: bigint }>) changed.add(num(r.seq_id));
      }
      for (const seq of seqIds) if (this.q.unreadOne!.get(me, topicId, seq)) changed.add(seq);
      const now = this.clock();
      const sorted = [...changed].sort((a, b) => a - b);
      for (const seq of sorted) this.q.markRead!.run(now, seq);
      return sorted;
    });
  }

  /**
   * A stored message as the document's packet. `viewer`: who it goes to; its sender also gets
   * the nonce their send carried (so that a client matches the copy to its send).
   */
  packet(m: StoredMessage, viewer?: number): MessagePacket {
    const sender = this.userOf(m.fromId);
    return {
      topic_id: m.topicId,
      seq_id: m.seqId,
      from_id: m.fromId,
      name: sender?.name ?? `#${m.fromId}`,
      content: m.content,
      status: { [String(m.toId)]: m.readAt !== null },
      ts: isoTime(m.createdAt),
      ...(viewer === m.fromId && m.nonce !== null ? { nonce: m.nonce } : {}),
    };
  }
}
