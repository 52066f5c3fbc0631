// The socket.io namespace `/data`: who a connection is, and the login event that says so.
//
// On connect the session comes from the handshake query (`?session=`), else the `Session`
// header (else socket.io's `auth.session`). Then:
//   login {result: 0, uin}  signed in; the socket joins its user's room and gets requests;
//   login {result: 2}       missing, unknown or expired session; the socket is disconnected;
//                           also pushed the moment a live socket's session expires or is
//                           signed out;
//   login {result: 6}       the user already has the most live sockets allowed; disconnected;
//   login {result: 7}       sent to an OLDER socket of the same session when a new one
//                           connects; the older one is then disconnected. Different sessions
//                           of one user (two devices) coexist.
// A server-side disconnect reaches socket.io-client as "io server disconnect", after which
// it does not reconnect by itself: right for both 2 and 7.

import type { Logger } from '../../main/core/logger';
import type { Presence } from '../presence';
import type { SessionStore } from '../sessions';
import type { NetaloNamespace, NetaloSocket } from './context';
import type { PendingBudget } from '../pending-budget';
import { closeIfBehind, type BehindLimits } from '../slow-readers';
import type { FairQueue } from './fair-queue';
import { BATCH_ROOM, userRoom } from './push';
import { LoginResult, Result } from './results';
import { watchSessionExpiry } from './session-watch';

export interface NetaloConnectionsDeps {
  nsp: NetaloNamespace;
  sessions: SessionStore;
  presence: Presence;
  dispatch: (socket: NetaloSocket, event: unknown, args: unknown[]) => void;
  /** Runs each user's requests in turn with everybody else's, a socket's in order (fair-queue.ts). */
  queue: FairQueue;
  /** A new socket's allowance for requests waiting in the queue (pending-budget.ts). */
  pendingBudget: () => PendingBudget;
  /** What may wait to go out to a client before its connection is closed (slow-readers.ts). */
  behind: BehindLimits;
  /** Live sockets one user may have; a further one is refused with login 6. */
  maxConnectionsPerUser: number;
  log: Logger;
}

export interface NetaloConnections {
  /** Tells every live socket of a session that it has ended (login 2) and disconnects it. */
  endSession(sessionKey: string): void;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function sessionTokenOf(socket: NetaloSocket): string | undefined {
  const { query, headers, auth } = socket.handshake;
  return (
    firstString(query.session) ??
    firstString(headers['session']) ??
    firstString((auth as Record<string, unknown> | undefined)?.session)
  );
}

export function acceptNetaloConnections(deps: NetaloConnectionsDeps): NetaloConnections {
  const { nsp, sessions, presence, dispatch, queue, log } = deps;
  /** Live sockets by session key: at most one each once a connection has settled. */
  const bySession = new Map<string, Set<NetaloSocket>>();

  function onConnection(socket: NetaloSocket): void {
    const session = sessions.resolve(sessionTokenOf(socket));
    if (!session) {
      log.info('socket refused: session missing, unknown or expired');
      socket.emit('login', { result: LoginResult.sessionExpired });
      socket.disconnect();
      return;
    }
    const { uin, key } = session;
    // Parley's extension (push.ts): only a client that asks gets batches; others never see one.
    const batch = firstString(socket.handshake.query.parley_batch) === '1';
    socket.data = { uin, sessionKey: key };

    const older = bySession.get(key) ?? new Set<NetaloSocket>();
    // The older sockets of this same session are about to be replaced: they do not count.
    const live = (nsp.adapter.rooms.get(userRoom(uin))?.size ?? 0) - older.size;
    if (live >= deps.maxConnectionsPerUser) {
      log.info('socket refused: too many connections', { uin, live });
      socket.emit('login', {
        result: LoginResult.tooManyConnections,
        reason: `too many connections: at most ${deps.maxConnectionsPerUser} at once per user`,
      });
      socket.disconnect();
      return;
    }
    bySession.set(key, new Set([socket]));
    let stopWatching = () => {};
    socket.on('disconnect', () => {
      stopWatching();
      const live = bySession.get(key);
      live?.delete(socket);
      if (live?.size === 0) bySession.delete(key);
      presence.disconnected(uin);
    });
    const budget = deps.pendingBudget();
    socket.onAny((event: unknown, ...args: unknown[]) => {
      // Weighed without the ack (a function: nothing the client sent).
      const weight = budget.take(typeof args.at(-1) === 'function' ? args.slice(0, -1) : args);
      if (weight === null) return refuseOverflow(args);
      const run = () => {
        try {
          // A client that does not read its answers gets no more of them (slow-readers.ts).
          if (!closeIfBehind(socket.conn, log, deps.behind)) dispatch(socket, event, args);
        } finally {
          budget.release(weight);
        }
      };
      // Shared per user, not per socket: more sockets do not buy a user a larger share.
      if (!queue.enqueue(socket, run, uin)) {
        budget.release(weight);
        refuseOverflow(args);
      }
    });
    void socket.join(batch ? [userRoom(uin), BATCH_ROOM] : userRoom(uin));
    socket.emit('login', { result: LoginResult.ok, uin });
    // Counted online before the older sockets go, so a takeover does not flap offline/online.
    presence.connected(uin, socket);
    log.info('socket signed in', { uin, socket: socket.id });

    for (const old of older) {
      log.info('socket replaced by a newer one on the same session', { uin, socket: old.id });
      old.emit('login', { result: LoginResult.conflict });
      old.disconnect();
    }

    stopWatching = watchSessionExpiry(sessions, key, () => {
      log.info('socket ended: its session expired', { uin, socket: socket.id });
      socket.emit('login', { result: LoginResult.sessionExpired });
      socket.disconnect();
    });
  }

  /** A socket with too many requests waiting: refused at once, cheaply, with the ack if any. */
  function refuseOverflow(args: unknown[]): void {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    try {
      ack({ result: Result.tooMany, reason: 'too many requests waiting on this connection: wait for the answers', retry_after: 1 });
    } catch (e) {
      log.warn('ack failed', { error: (e as Error).message });
    }
  }

  nsp.on('connection', (socket: NetaloSocket) => {
    try {
      onConnection(socket);
    } catch (e) {
      log.error('socket connection failed', { error: (e as Error).message });
      socket.disconnect();
    }
  });

  return {
    endSession(sessionKey) {
      for (const socket of [...(bySession.get(sessionKey) ?? [])]) {
        socket.emit('login', { result: LoginResult.sessionExpired });
        socket.disconnect();
      }
    },
  };
}
