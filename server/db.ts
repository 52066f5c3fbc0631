// Opens the server's SQLite database and brings its schema up to date.
//
// Durability settings, and why:
// - WAL: readers never block the writer, and a commit is one sequential append;
// - synchronous=FULL: the WAL is fsynced at every commit, so once a transaction has
//   committed (and only then do we acknowledge a request) a kill -9 or a power loss
//   cannot take it back;
// - foreign_keys=ON: a message can never point at a group that does not exist;
// - safeIntegers: every integer is read as a BigInt, so an ID above 2^53 is never rounded.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SMALL_ID_LIMIT, type StoredIdFloors } from './ids';
import { MIGRATIONS } from './schema';

export type Db = Database.Database;
export type Statement = Database.Statement;

export const DATABASE_FILE = 'parley.sqlite';

/**
 * Runs `work` in a transaction, or in a savepoint of the one already open, through one wrapper
 * its owner builds once (each store, the group commit, the Netalo services). better-sqlite3's
 * `db.transaction(fn)` builds four wrapper functions and defines their properties on every
 * call: built per request, that was 18 µs a message, 6 % of the reference server's CPU while
 * it took 11,000 messages (bench B4's profile).
 */
export function transactionRunner(db: Pick<Db, 'transaction'>): <T>(work: () => T) => T {
  const run = db.transaction((work: () => unknown) => work());
  return <T>(work: () => T) => run(work) as T;
}

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.defaultSafeIntegers(true);
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new Error(`the database schema (version ${current}) is newer than this server (version ${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    // Each step and its version bump commit together: a crash mid-upgrade leaves the old version.
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * The largest IDs stored, so that new IDs continue above them after a restart (ids.ts):
 * `small`, the largest user or group ID below 2^53; `any`, the largest ID of any kind,
 * change_ids included (an edit takes a fresh one, which can be the largest of all).
 */
export function storedIdFloors(db: Db): StoredIdFloors {
  const row = db
    .prepare(
      `SELECT
         max(
           (SELECT coalesce(max(uin), 0) FROM users WHERE uin < @limit),
           (SELECT coalesce(max(group_id), 0) FROM chat_groups WHERE group_id < @limit)
         ) AS small,
         max(
           (SELECT coalesce(max(uin), 0) FROM users),
           (SELECT coalesce(max(group_id), 0) FROM chat_groups),
           (SELECT coalesce(max(message_id), 0) FROM messages),
           (SELECT coalesce(max(change_id), 0) FROM messages)
         ) AS any`,
    )
    .get({ limit: SMALL_ID_LIMIT }) as { small: bigint; any: bigint };
  return { small: BigInt(row.small), any: BigInt(row.any) };
}
