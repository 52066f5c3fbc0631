// What every protocol front besides Netalo's gets from start-server.ts: the same database,
// users, ID generators, clock, abuse guards and host check, and a port of its own. A front
// keeps its own tables (its migrations in schema.ts) and speaks its own wire; the users
// and their passwords are the same for every protocol (server/PROTOCOL.md).

import type { Logger } from '../main/core/logger';
import type { AbuseGuards } from './abuse-guards';
import type { Accounts } from './accounts';
import type { Clock } from './clock';
import type { Db } from './db';
import type { HostCheck } from './host-check';
import type { ServerIds } from './ids';
import type { SessionStore } from './sessions';
import type { UserStore } from './users';

export interface FrontContext {
  db: Db;
  users: UserStore;
  /** Password checks (and the demo seed) go through the same scrypt gate as Netalo's sign-in. */
  accounts: Accounts;
  /**
   * The server's one session store, to resolve tokens: it remembers active sessions, so a
   * second store would not hear of a sign-out made through this one (sessions.ts).
   */
  sessions: SessionStore;
  ids: ServerIds;
  clock: Clock;
  log: Logger;
  /** 0 = any free port. */
  port: number;
  host: string;
  /** `host` as it goes in a URL (IPv6 in brackets). */
  urlHost: string;
  guards: AbuseGuards;
  /** The Host names this front answers to (host-check.ts). */
  hostCheck: HostCheck;
  /** The server's data directory (a front may keep files beside the database). */
  dataDir: string;
  /** --demo: the front seeds what its demo needs (AZStack: the demo app and its key pair). */
  demo: boolean;
}

export interface Front {
  /** e.g. http://127.0.0.1:7456 */
  url: string;
  port: number;
  close(): Promise<void>;
}
