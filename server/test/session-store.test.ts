// SessionStore remembers the sessions it has read as active (sessions.ts), so that a socket's
// every request does not read SQLite: what it remembers must never outlive a sign-out or the
// session's expiry.
import { describe, expect, it } from 'vitest';
import { tempDirsForFile } from '../../main/core/test/temp-dirs';
import { openDatabase, type Db } from '../db';
import { SessionStore } from '../sessions';

const tempDir = tempDirsForFile();

/** The database with one user, uin 7, and a count of the session reads that reach SQLite. */
function setup() {
  const db = openDatabase(tempDir('sessions'));
  db.prepare("INSERT INTO users (uin, username, username_key, display_name, display_name_key, password_hash, created_at) VALUES (7, 'u', 'u', 'u', 'u', 'x', 0)").run();
  let reads = 0;
  const counting = new Proxy(db, {
    get(target, name) {
      if (name !== 'prepare') return Reflect.get(target, name, target) as unknown;
      return (sql: string) => {
        const statement = target.prepare(sql);
        if (!sql.startsWith('SELECT')) return statement;
        return new Proxy(statement, {
          get(s, n) {
            const value = Reflect.get(s, n, s) as unknown;
            if (n !== 'get' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(s) : value;
            return (...args: unknown[]) => {
              reads++;
              return (value as (...a: unknown[]) => unknown).apply(s, args);
            };
          },
        });
      };
    },
  }) as Db;
  return { db, counting, reads: () => reads };
}

describe('SessionStore', () => {
  it('reads an active session from the database once, then from memory', () => {
    const { db, counting, reads } = setup();
    try {
      const sessions = new SessionStore(counting, () => 1_000, 60_000);
      const { token } = sessions.issue('7');
      for (let i = 0; i < 100; i++) expect(sessions.resolve(token)?.uin).toBe('7');
      expect(reads()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('a sign-out ends a remembered session at once, and for a new store too', () => {
    const { db } = setup();
    try {
      const sessions = new SessionStore(db, () => 1_000, 60_000);
      const { token } = sessions.issue('7');
      const key = sessions.resolve(token)!.key;
      expect(sessions.revoke(token)?.key).toBe(key);
      expect(sessions.resolveKey(key)).toBeNull();
      expect(sessions.revoke(token)).toBeNull();
      expect(new SessionStore(db, () => 1_000, 60_000).resolveKey(key)).toBeNull();
    } finally {
      db.close();
    }
  });

  it('a remembered session expires on the clock', () => {
    const { db } = setup();
    try {
      let now = 1_000;
      const sessions = new SessionStore(db, () => now, 60_000);
      const { token } = sessions.issue('7');
      const session = sessions.resolve(token)!;
      now += 59_999;
      expect(sessions.resolveKey(session.key)).toEqual(session);
      now += 1;
      expect(sessions.resolveKey(session.key)).toBeNull();
      expect(sessions.resolve(token)).toBeNull();
    } finally {
      db.close();
    }
  });
});
