// Haraj's token sessions: a sign-in issues an access token (short-lived, 1 h by default) and
// a refresh token (30 days); `POST /chat/sessions/refresh` trades the refresh token for a new
// pair. Tokens are 256 random bits, base64url; only their SHA-256 is stored, so a copy of the
// database signs no one in. A refresh rotates both tokens; the replaced refresh token keeps
// working for REFRESH_GRACE_MS, so a client whose answer was lost on the way can ask again.

import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { transactionRunner, type Db, type Statement } from '../db';

export const DEFAULT_ACCESS_TTL_MS = 60 * 60 * 1000;
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const REFRESH_GRACE_MS = 60 * 1000;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Seconds the access token lives. */
  expires_in: number;
  user_id: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
/** What a token looks like: anything else is refused without a database look-up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class HarajTokens {
  private readonly q: Record<string, Statement>;
  private readonly inTransaction: <T>(work: () => T) => T;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly accessTtlMs: number,
  ) {
    this.inTransaction = transactionRunner(db);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      insert: p(
        `INSERT INTO haraj_sessions (session_id, haraj_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      byAccess: p('SELECT session_id, haraj_id, access_expires_at FROM haraj_sessions WHERE access_hash = ?'),
      byRefresh: p('SELECT session_id, haraj_id, refresh_expires_at FROM haraj_sessions WHERE refresh_hash = ?'),
      byPrevious: p('SELECT session_id, haraj_id, previous_valid_until FROM haraj_sessions WHERE previous_refresh_hash = ?'),
      rotate: p(
        `UPDATE haraj_sessions SET access_hash = ?, access_expires_at = ?, refresh_hash = ?, refresh_expires_at = ?,
           previous_refresh_hash = refresh_hash, previous_valid_until = ? WHERE session_id = ?`,
      ),
      rotateFromPrevious: p(
        `UPDATE haraj_sessions SET access_hash = ?, access_expires_at = ?, refresh_hash = ?, refresh_expires_at = ? WHERE session_id = ?`,
      ),
      revoke: p('DELETE FROM haraj_sessions WHERE session_id = ?'),
      expired: p('DELETE FROM haraj_sessions WHERE refresh_expires_at < ? AND coalesce(previous_valid_until, 0) < ?'),
    };
  }

  issue(userId: number): TokenPair {
    const now = this.clock();
    const pair = this.newPair(userId);
    this.q.insert!.run(randomBytes(16).toString('hex'), userId, hash(pair.access_token), now + this.accessTtlMs, hash(pair.refresh_token), now + REFRESH_TTL_MS, now);
    return pair;
  }

  /** The user an access token belongs to, while it is valid; with its session (for sign-out). */
  verifyAccess(token: unknown): { userId: number; sessionId: string } | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const row = this.q.byAccess!.get(hash(token)) as { session_id: string; haraj_id: bigint; access_expires_at: bigint } | undefined;
    if (!row || Number(row.access_expires_at) <= this.clock()) return null;
    return { userId: Number(row.haraj_id), sessionId: row.session_id };
  }

  /** A new pair for a valid refresh token (or one replaced within the grace); null otherwise. */
  refresh(token: unknown): TokenPair | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const now = this.clock();
    return this.inTransaction((): TokenPair | null => {
      const current = this.q.byRefresh!.get(hash(token)) as { session_id: string; haraj_id: bigint; refresh_expires_at: bigint } | undefined;
      if (current) {
        if (Number(current.refresh_expires_at) <= now) return null;
        const pair = this.newPair(Number(current.haraj_id));
        this.q.rotate!.run(hash(pair.access_token), now + this.accessTtlMs, hash(pair.refresh_token), now + REFRESH_TTL_MS, now + REFRESH_GRACE_MS, current.session_id);
        return pair;
      }
      const previous = this.q.byPrevious!.get(hash(token)) as { session_id: string; haraj_id: bigint; previous_valid_until: bigint | null } | undefined;
      if (!previous || previous.previous_valid_until === null || Number(previous.previous_valid_until) <= now) return null;
      // The answer to the last refresh was lost: a fresh pair replaces the one that went missing.
      const pair = this.newPair(Number(previous.haraj_id));
      this.q.rotateFromPrevious!.run(hash(pair.access_token), now + this.accessTtlMs, hash(pair.refresh_token), now + REFRESH_TTL_MS, previous.session_id);
      return pair;
    });
  }

  /** Ends a session (sign-out): its tokens stop working at once. */
  revoke(sessionId: string): void {
    this.q.revoke!.run(sessionId);
  }

  /** Forgets sessions that can no longer be used. */
  sweep(): void {
    const now = this.clock();
    this.q.expired!.run(now, now);
  }

  private newPair(userId: number): TokenPair {
    return { access_token: newToken(), refresh_token: newToken(), expires_in: Math.round(this.accessTtlMs / 1000), user_id: userId };
  }
}
