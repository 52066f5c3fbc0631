// The user directory: accounts as stored, looked up by name, searched, listed by uin.
// Knows nothing about passwords beyond storing the hash (see accounts.ts).

import type { Clock } from './clock';
import type { Db, Statement } from './db';
import { fromSqlId, toSqlId } from './sql-ids';

export interface UserRecord {
  uin: string;
  username: string;
  displayName: string;
}

/** A user as the HTTP API sends it. */
export function userToWire(user: UserRecord): { uin: string; username: string; display_name: string } {
  return { uin: user.uin, username: user.username, display_name: user.displayName };
}

export class UsernameTakenError extends Error {
  constructor() {
    super('username taken');
    this.name = 'UsernameTakenError';
  }
}

interface UserRow {
  uin: bigint;
  username: string;
  display_name: string;
}

function toRecord(row: UserRow): UserRecord {
  return { uin: fromSqlId(row.uin), username: row.username, displayName: row.display_name };
}

/** Escapes LIKE wildcards so that a search for "50%_off" means those characters literally. */
function likePattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export const SEARCH_LIMIT = 20;
export const LOOKUP_LIMIT = 200;

export class UserStore {
  private readonly insert: Statement;
  private readonly byUsername: Statement;
  private readonly byUin: Statement;
  private readonly searchStatement: Statement;
  private readonly lastSeen: Statement;
  private readonly lastSeenOf: Statement;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      `INSERT INTO users (uin, username, username_key, display_name, display_name_key, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byUsername = db.prepare('SELECT uin, username, display_name, password_hash FROM users WHERE username_key = ?');
    this.byUin = db.prepare('SELECT uin, username, display_name FROM users WHERE uin = ?');
    this.searchStatement = db.prepare(
      `SELECT uin, username, display_name FROM users
       WHERE (username_key LIKE @pattern ESCAPE '\\' OR display_name_key LIKE @pattern ESCAPE '\\') AND uin != @except
       ORDER BY username_key LIMIT @limit`,
    );
    this.lastSeen = db.prepare('UPDATE users SET last_seen_at = ? WHERE uin = ?');
    this.lastSeenOf = db.prepare('SELECT last_seen_at FROM users WHERE uin = ?');
  }

  /** Throws UsernameTakenError when the name exists in any letter case. */
  create(user: UserRecord & { passwordHash: string }): UserRecord {
    try {
      this.insert.run(
        toSqlId(user.uin),
        user.username,
        user.username.toLowerCase(),
        user.displayName,
        user.displayName.toLowerCase(),
        user.passwordHash,
        this.clock(),
      );
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UsernameTakenError();
      throw e;
    }
    return { uin: user.uin, username: user.username, displayName: user.displayName };
  }

  /** The user and password hash for a sign-in, by username in any letter case. */
  findForSignIn(username: string): (UserRecord & { passwordHash: string }) | undefined {
    const row = this.byUsername.get(username.toLowerCase()) as (UserRow & { password_hash: string }) | undefined;
    return row && { ...toRecord(row), passwordHash: row.password_hash };
  }

  get(uin: string): UserRecord | undefined {
    const row = this.byUin.get(toSqlId(uin)) as UserRow | undefined;
    return row && toRecord(row);
  }

  /** Users whose username or display name contains `text` (any case), never `exceptUin`. */
  search(text: string, exceptUin: string): UserRecord[] {
    const rows = this.searchStatement.all({
      pattern: likePattern(text.toLowerCase()),
      except: toSqlId(exceptUin),
      limit: SEARCH_LIMIT,
    }) as UserRow[];
    return rows.map(toRecord);
  }

  /** The users among `uins` that exist, in the order asked, each once. */
  lookup(uins: string[]): UserRecord[] {
    const found: UserRecord[] = [];
    for (const uin of new Set(uins)) {
      const user = this.get(uin);
      if (user) found.push(user);
    }
    return found;
  }

  /** Which of `uins` do not exist. */
  missing(uins: string[]): string[] {
    return uins.filter((uin) => !this.byUin.get(toSqlId(uin)));
  }

  setLastSeen(uin: string, seconds: number): void {
    this.lastSeen.run(seconds, toSqlId(uin));
  }

  /** When the user's last socket closed (s), or null if never (or no such user). */
  lastSeenAt(uin: string): number | null {
    const row = this.lastSeenOf.get(toSqlId(uin)) as { last_seen_at: bigint | null } | undefined;
    return row?.last_seen_at == null ? null : Number(row.last_seen_at);
  }
}
