// The talker front's socket events, as the real server answers them: results are events,
// never acks; a bad request gets `error` 400 (and nothing saying which request); a user_id
// that is not the connection's own gets `auth` false. Each connection's events are handled
// in order (sign-in verifies a password asynchronously, and what follows it must wait).

import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import { HashGateBusyError } from '../hash-gate';
import { verifyPassword, decoyPasswordHash } from '../passwords';
import { SignInThrottledError, type SignInAttempt } from '../sign-in-throttle';
import type { Connection, Connections } from './connections';
import * as req from './requests';
import { PAGE_CHARS, type TalkerRow, type TalkerStore } from './store';
import type { Typing } from './typing';

/** How often a backlog's delivery looks again whether its last page has gone out. */
const BACKLOG_WAIT_MS = 50;

export interface TalkerEventDeps {
  store: TalkerStore;
  connections: Connections;
  typing: Typing;
  /** Shared with the Netalo front: sign-in throttle, hashing gate, message quota, connection limit. */
  guards: AbuseGuards;
  log: Logger;
}

type Handler = (conn: Connection, data: unknown) => Promise<void> | void;

export function talkerEvents(deps: TalkerEventDeps) {
  const { store, connections, typing, guards, log } = deps;

  /** Starts a throttled sign-in attempt; null (and `login` false) while it must wait. */
  const beginSignIn = (conn: Connection, account: string): SignInAttempt | null => {
    try {
      return guards.throttle.begin(account, conn.remoteAddress);
    } catch (e) {
      if (!(e instanceof SignInThrottledError)) throw e;
      // talker clients know only `login` false: the wait is not theirs to see.
      log.info('talker sign-in throttled', { scope: e.scope });
      conn.emit('login', false);
      return null;
    }
  };

  /** The signed-in user, when `user_id` is the connection's own; else `auth` false. */
  const authed = (conn: Connection, userId: number): boolean => {
    if (conn.userId !== null && conn.userId === userId) return true;
    conn.emit('auth', false);
    return false;
  };

  /**
   * Pushes a message to its recipient's connections (unless blocked) and tells the sender it
   * was delivered; true when it went out (its recipient is online and does not block its sender).
   */
  const deliver = (row: TalkerRow): boolean => {
    if (!connections.isOnline(row.to_user) || store.isBlocked(row.to_user, row.from_user)) return false;
    store.setNotified(row.id);
    connections.toUser(row.to_user, 'messeage', { ...row, notified: 1 });
    connections.toUser(row.from_user, 'notified', { messeage_id: row.id });
    return true;
  };

  /**
   * What waited for a user who was away, a page at a time (PAGE_CHARS of content, store.ts),
   * each once the last has gone out to every connection of theirs: a backlog of 10 MB photos
   * is never all in memory. Ends when nothing waits, or the user has gone.
   */
  const deliverBacklog = (userId: number): void => {
    if (!connections.isOnline(userId)) return;
    const drained = [...connections.ofUser(userId)].every((c) => c.behind() < PAGE_CHARS);
    if (!drained) return void setTimeout(() => deliverBacklog(userId), BACKLOG_WAIT_MS).unref();
    let delivered = 0;
    for (const row of store.undelivered(userId)) if (deliver(row)) delivered += 1;
    // Nothing went out (the page was all from senders this user blocks): the rest waits for the next sign-in.
    if (delivered > 0) setImmediate(() => deliverBacklog(userId));
  };

  const handlers: Record<string, Handler> = {
    login: async (conn, data) => {
      const { login, hash } = req.login(data);
      const found = store.findForLogin(login);
      // Keyed by the username when there is one, so an email and a username share a count.
      const attempt = beginSignIn(conn, found?.username ?? login);
      if (!attempt) return;
      let ok: boolean;
      try {
        // As long for an unknown login as for a wrong password.
        ok = await guards.gate.run(async () => verifyPassword(hash, found?.passwordHash ?? (await decoyPasswordHash())), found?.uin ?? login.toLowerCase());
      } catch (e) {
        attempt.cancelled();
        if (!(e instanceof HashGateBusyError)) throw e;
        log.info('talker sign-in refused: password checks busy');
        conn.emit('login', false);
        return;
      }
      if (!found || !ok) {
        conn.emit('login', false);
        return;
      }
      attempt.succeeded();
      const id = store.idFor(found.uin);
      const mine = connections.ofUser(id);
      if (!mine.has(conn) && mine.size >= guards.limits.connectionsPerUser) {
        log.info('talker sign-in refused: too many connections', { id });
        conn.emit('login', false);
        return;
      }
      connections.signIn(conn, id);
      conn.emit('login', { id, handshake: conn.address });
      // Everything sent to this user while none of their connections was there.
      deliverBacklog(id);
    },

    logout: (conn) => {
      if (conn.userId !== null) typing.stopAll(conn.userId);
      connections.signOut(conn);
    },

    messeage: (conn, data) => {
      const m = req.messeage(data);
      if (!authed(conn, m.userId)) return;
      if (m.to === m.userId || !store.userOf(m.to)) throw new req.BadRequest('to_id is not another user');
      // One quota per user across both fronts; talker has only numbers to say why.
      const sender = store.userOf(m.userId);
      if (sender && guards.messages.limiter.take(sender.uin) > 0) {
        conn.emit('error', 429);
        return;
      }
      // Media is stored: it counts against the user's bytes (limits.storedBytesPerUser).
      if (sender && m.type !== 'text' && guards.storedBytes.limiter.take(sender.uin, m.content.length) > 0) {
        guards.messages.limiter.refund(sender.uin);
        conn.emit('error', 429);
        return;
      }
      const row = store.insertMessage(m.userId, m.to, m.content, m.type);
      typing.stop(m.userId, m.to);
      // The echo: the stored row to every connection of the sender (this device included).
      connections.toUser(m.userId, 'messeage', row);
      deliver(row);
    },

    read: (conn, data) => {
      const r = req.read(data);
      if (!authed(conn, r.userId)) return;
      const message = store.message(r.messageId);
      if (!message || message.to_user !== r.userId) throw new req.BadRequest('messeage_id is not a message to you');
      for (const id of store.markRead(message.from_user, r.userId, r.messageId)) {
        connections.toUser(message.from_user, 'read', { messeage_id: id });
      }
    },

    type: (conn, data) => {
      const t = req.type(data);
      if (!authed(conn, t.userId)) return;
      if (t.to === t.userId || !store.userOf(t.to)) throw new req.BadRequest('to_id is not another user');
      typing.type(t.userId, t.to);
    },

    block_user: (conn, data) => {
      const b = req.block(data);
      if (!authed(conn, b.userId)) return;
      if (!store.userOf(b.blocked)) throw new req.BadRequest('blocked_id is not a user');
      store.setBlocked(b.userId, b.blocked, true);
    },

    unlock_user: (conn, data) => {
      const b = req.block(data);
      if (!authed(conn, b.userId)) return;
      store.setBlocked(b.userId, b.blocked, false);
    },
  };

  /** Runs one event for a connection. Never throws: a failure is `error` 400 (or a log line). */
  const handle = async (conn: Connection, event: string, data: unknown): Promise<void> => {
    const handler = Object.prototype.hasOwnProperty.call(handlers, event) ? handlers[event] : undefined;
    if (!handler) return; // an unknown event is ignored, as the real server does
    try {
      await handler(conn, data);
    } catch (e) {
      if (e instanceof req.BadRequest) log.debug('bad request', { event, reason: e.message });
      else log.error('handler failed', { event, error: e instanceof Error ? e.message : String(e) });
      conn.emit('error', 400);
    }
  };

  return { handle, events: Object.keys(handlers) };
}
