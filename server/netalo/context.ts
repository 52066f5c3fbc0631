// What a Netalo request handler receives and returns. Handlers are synchronous on purpose:
// better-sqlite3 is synchronous, so a handler's checks and writes run in one transaction
// with nothing interleaved, and the ack can only be sent after that transaction committed.

import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { Clock } from '../clock';
import type { IdGenerator } from '../ids';
import type { UserStore } from '../users';
import type { Presence } from '../presence';
import type { GroupStore } from './group-store';
import type { GroupViews } from './group-view';
import type { MemberStore } from './member-store';
import type { MessageStore } from './message-store';
import type { Pusher } from './push';
import type { FileStore } from '../files/file-store';
import type { CallRegistry } from './calls/call-registry';

/** What the server remembers about an authenticated socket. */
export interface ConnectionData {
  uin: string;
  /** sessions.ts key (SHA-256 of the token), never the token itself. */
  sessionKey: string;
}

export type NetaloSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, ConnectionData>;
export type NetaloNamespace = Namespace<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, ConnectionData>;

export interface NetaloServices {
  /** Runs `work` in one SQLite transaction: all of it commits, or (on a throw) none of it. */
  transaction<T>(work: () => T): T;
  users: UserStore;
  groups: GroupStore;
  /** Each member's own state in a group: accepted, receipt marks, cleared, mute, pin; blocks. */
  members: MemberStore;
  /** Group objects as one member sees them. */
  views: GroupViews;
  messages: MessageStore;
  /** Uploaded files: which the caller may attach, and which messages carry them. */
  files: FileStore;
  /** Message IDs and change_ids (and later call IDs): above 2^53 (ids.ts). */
  ids: IdGenerator;
  /** Group IDs: below 2^53 (around 2^48) as in the real system, unless --large-ids (ids.ts). */
  groupIds: IdGenerator;
  clock: Clock;
  push: Pusher;
  /** Who is online; tells two users about each other when they become presence peers. */
  presence: Presence;
  /** Calls, in memory (calls/call-registry.ts). */
  calls: CallRegistry;
}

export interface RequestContext {
  /** The signed-in user who sent the request. */
  uin: string;
  /** The socket that sent it (to leave it out of pushes it already got as an ack). */
  socketId: string;
  services: NetaloServices;
  /** Queues work (pushes to other sockets) for after the ack has been sent. */
  afterAck(task: () => void): void;
}

/** The ack's fields besides `result`, which the dispatcher adds (0 unless a RequestError was thrown). */
export type Reply = Record<string, unknown>;

export type Handler = (ctx: RequestContext, payload: unknown) => Reply;
