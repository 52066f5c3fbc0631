// Device tokens for notifications, per user, in SQLite (schema migration 6). Only stored:
// this server has no push service; a deployment that has one reads them from here.

import type { Db, Statement } from '../db';
import { fromSqlInt, toSqlId } from '../sql-ids';

/** The document's token platforms. */
export const TokenType = { android: 1, ios: 2, web: 3, iosPushKit: 4 } as const;

/**
 * Tokens kept per user. A device's token changes now and then and an app seldom unregisters
 * the old one: past this many, the least recently registered are forgotten, so one user (or
 * a looping client) cannot grow the table without bound.
 */
export const MAX_TOKENS_PER_USER = 50;

export interface ProfileToken {
  token: string;
  type: number;
}

export class ProfileTokenStore {
  private readonly upsert: Statement;
  private readonly remove: Statement;
  private readonly trim: Statement;
  private readonly ofUser: Statement;

  constructor(
    db: Db,
    private readonly clock: () => number,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO profile_tokens (uin, token, type, updated_at) VALUES (@uin, @token, @type, @at)
       ON CONFLICT (uin, token) DO UPDATE SET type = excluded.type, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM profile_tokens WHERE uin = ? AND token = ?');
    this.trim = db.prepare(
      `DELETE FROM profile_tokens WHERE uin = @uin AND token NOT IN
         (SELECT token FROM profile_tokens WHERE uin = @uin ORDER BY updated_at DESC, token LIMIT @keep)`,
    );
    this.ofUser = db.prepare('SELECT token, type FROM profile_tokens WHERE uin = ? ORDER BY updated_at DESC, token');
  }

  /** Registers (or re-registers, with a new type) the token; keeps at most MAX_TOKENS_PER_USER. */
  register(uin: string, token: string, type: number): void {
    this.upsert.run({ uin: toSqlId(uin), token, type, at: Math.floor(this.clock()) });
    this.trim.run({ uin: toSqlId(uin), keep: MAX_TOKENS_PER_USER });
  }

  /** Forgets the token; forgetting one that is not registered is not an error. */
  unregister(uin: string, token: string): void {
    this.remove.run(toSqlId(uin), token);
  }

  /** The user's tokens, most recently registered first. */
  list(uin: string): ProfileToken[] {
    return (this.ofUser.all(toSqlId(uin)) as Array<{ token: string; type: unknown }>).map((r) => ({ token: r.token, type: fromSqlInt(r.type) }));
  }
}
