// The socket.io namespace `/data`: who a connection is, and the login event that says so.
//
// On connect the session comes from the handshake query (`?session=`), else the `Session`
// header (else socket.io's `auth.session`). Then:
//   login {result: 0, uin}  signed in; the socket joins its user's room and gets requests;
//   login {result: 2}       missing, unknown or expired session; the socket is disconnected;
//   login {result: 7}       sent to an OLDER socket of the same session when a new one
//                           connects; the older one is then disconnected. Different sessions
//                           of one user (two devices) coexist.
// A server-side disconnect reaches socket.io-client as "io server disconnect", after which
// it does not reconnect by itself: right for both 2 and 7.

import type { Logger } from '../../main/core/logger';
import type { Presence } from '../presence';
import type { SessionStore } from '../sessions';
import type { NetaloNamespace, NetaloSocket } from './context';
import { userRoom } from './push';
import { LoginResult } from './results';

export interface NetaloConnectionsDeps {
  nsp: NetaloNamespace;
  sessions: SessionStore;
  presence: Presence;
  dispatch: (socket: NetaloSocket, event: unknown, args: unknown[]) => void;
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
  const { nsp, sessions, presence, dispatch, log } = deps;
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
    socket.data = { uin, sessionKey: key };

    const older = bySession.get(key) ?? new Set<NetaloSocket>();
    bySession.set(key, new Set([socket]));
    socket.on('disconnect', () => {
      const live = bySession.get(key);
      live?.delete(socket);
      if (live?.size === 0) bySession.delete(key);
      presence.disconnected(uin);
    });
    socket.onAny((event: unknown, ...args: unknown[]) => dispatch(socket, event, args));
    void socket.join(userRoom(uin));
    socket.emit('login', { result: LoginResult.ok, uin });
    // Counted online before the older sockets go, so a takeover does not flap offline/online.
    presence.connected(uin, socket);
    log.info('socket signed in', { uin, socket: socket.id });

    for (const old of older) {
      log.info('socket replaced by a newer one on the same session', { uin, socket: old.id });
      old.emit('login', { result: LoginResult.conflict });
      old.disconnect();
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
