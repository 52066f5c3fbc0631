// Sessions: the bearer credential that HTTP calls and socket connections present.
//
// A session token is 256 random bits, hex-encoded (64 characters). Only its SHA-256 is
// stored, so the database alone (a backup, a copied file) cannot be used to sign in as
// anyone. A session is valid until it expires or is revoked by sign-out.
//
// Every socket request checks its session (netalo/dispatch.ts). Read from SQLite each time,
// that was 9 µs a message, 3 % of the server's CPU while it took bench B4's 11,000. A row's
// owner and expiry never change, and only `revoke` here revokes one, so an active session
// is remembered once read: expiry is still judged on the clock at every check, and a
// revoke forgets it before its write. So the server has ONE store per database, shared by
// every front (fronts.ts): a second one would not hear of the first one's sign-outs.

import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import type { Db, Statement } from './db';
import { fromSqlId, fromSqlInt, toSqlId } from './sql-ids';

export interface ActiveSession {
  /** The stored key of the session: SHA-256 of the token, hex. Safe to log and to keep in memory. */
  key: string;
  uin: string;
  /** ms since the epoch */
  expiresAt: number;
}

const TOKEN_FORMAT = /^[0-9a-f]{64}$/;

/** Active sessions remembered at most; past this the memory starts again from empty. */
const REMEMBERED_SESSIONS = 10_000;

export function sessionKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SessionStore {
  private readonly insert: Statement;
  private readonly byKey: Statement;
  private readonly revokeByKey: Statement;
  /** Sessions read as active: key → session. */
  private readonly active = new Map<string, ActiveSession>();

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    this.insert = db.prepare('INSERT INTO sessions (token_hash, uin, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.byKey = db.prepare('SELECT uin, expires_at, revoked_at FROM sessions WHERE token_hash = ?');
    this.revokeByKey = db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  }

  /** A new session for a user; the token is returned once and never stored. */
  issue(uin: string): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('hex');
    const now = this.clock();
    const expiresAt = now + this.ttlMs;
    this.insert.run(sessionKey(token), toSqlId(uin), now, expiresAt);
    return { token, expiresAt };
  }

  /** The session a token stands for, if it is known, unrevoked and unexpired. */
  resolve(token: string | undefined): ActiveSession | null {
    if (!token || !TOKEN_FORMAT.test(token)) return null;
    return this.resolveKey(sessionKey(token));
  }

  /** Same as resolve, from the stored key (what live sockets remember). */
  resolveKey(key: string): ActiveSession | null {
    const known = this.active.get(key);
    if (known) {
      if (known.expiresAt > this.clock()) return known;
      this.active.delete(key);
      return null;
    }
    const row = this.byKey.get(key) as { uin: bigint; expires_at: bigint; revoked_at: bigint | null } | undefined;
    if (!row || row.revoked_at !== null) return null;
    const expiresAt = fromSqlInt(row.expires_at);
    if (expiresAt <= this.clock()) return null;
    if (this.active.size >= REMEMBERED_SESSIONS) this.active.clear();
    const session = { key, uin: fromSqlId(row.uin), expiresAt };
    this.active.set(key, session);
    return session;
  }

  /** ms until the session expires, on the server's clock (negative once it has). */
  msLeft(session: ActiveSession): number {
    return session.expiresAt - this.clock();
  }

  /** Revokes a session; returns its key when it was active, so live sockets can be closed. */
  revoke(token: string | undefined): ActiveSession | null {
    const session = this.resolve(token);
    if (!session) return null;
    this.active.delete(session.key);
    this.revokeByKey.run(this.clock(), session.key);
    return session;
  }
}
