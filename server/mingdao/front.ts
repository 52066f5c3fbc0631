// The Mingdao front: its own port, the same database and users as every front. socket.io
// v4 (Engine.IO 3 and 4 clients) at path `/mds2`, namespace `/`, signed in by the session
// that `POST /mds2/api/login` on the same port hands out (`pss_id` or `token` in the
// handshake query). The wire is the Mingdao socket document plus the decisions in
// server/PROTOCOL.md (Mingdao).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { corkEachFlush } from '../corked-flushes';
import { closeSlowReaders } from '../slow-readers';
import { errorName } from '../../main/core/logger';
import type { Front, FrontContext } from '../fronts';
import { handshakeCheck, servingOnly } from '../host-check';
import { answerMalformedRequests, limitConnections } from '../http-guard';
import { sendJson } from '../http-io';
import type { ActiveSession } from '../sessions';
import { mingdaoEvents, type Conn, type Rooms } from './events';
import { API_PREFIX, mingdaoHttp } from './http';
import { MingdaoStore } from './store';

export const SOCKET_PATH = '/mds2';
/** No Mingdao payload comes near this (a message is at most 10,000 characters). */
const MAX_PACKET = 1_000_000;
/** setTimeout's limit; a later expiry is checked again at each event anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const userRoom = (uin: string) => `u:${uin}`;
const sessionRoom = (key: string) => `s:${key}`;

export async function startMingdaoFront(ctx: FrontContext): Promise<Front> {
  const { log, guards, hostCheck } = ctx;
  const store = new MingdaoStore(ctx.db, ctx.users, ctx.clock, { messages: ctx.ids.messages, groups: ctx.ids.groups });
  // Only to resolve tokens: sessions are issued and revoked by ctx.accounts, through this store.
  const { sessions } = ctx;

  const http = createServer({ requireHostHeader: false }); // servingOnly answers a missing Host
  answerMalformedRequests(http, log);
  limitConnections(http, { perAddress: guards.limits.connectionsPerAddress, perPort: guards.limits.connectionsPerPort }, log);
  const io = new Server(http, {
    path: SOCKET_PATH,
    serveClient: false,
    allowEIO3: true, // the real web client may be socket.io-client 2.x
    maxHttpBufferSize: MAX_PACKET,
    allowRequest: handshakeCheck(hostCheck),
  });
  corkEachFlush(io); // one write per flush (corked-flushes.ts)
  closeSlowReaders(io, log, guards.limits.behindPerConnection);

  const endSession = (session: ActiveSession) => io.in(sessionRoom(session.key)).disconnectSockets(true);
  const api = servingOnly(hostCheck, mingdaoHttp({ accounts: ctx.accounts, guards, endSession, log: log.child('http') }));
  // Engine.IO claims every request under `/mds2/`, the sign-in's `/mds2/api/` too: route
  // those to the API before it sees them; anything else outside the socket path is a 404.
  const engine = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith(API_PREFIX)) return api(req, res);
    if (url.startsWith(`${SOCKET_PATH}/`)) for (const listener of engine) listener.call(http, req, res);
    else servingOnly(hostCheck, (_q, r) => sendJson(r, 404, { error: 'not found' }))(req, res);
  });

  const rooms: Rooms = {
    toUser: (uin, event, data, except) => {
      const target = except ? io.to(userRoom(uin)).except(except.socketId) : io.to(userRoom(uin));
      target.emit(event, data);
    },
    isOnline: (uin) => (io.sockets.adapter.rooms.get(userRoom(uin))?.size ?? 0) > 0,
  };
  const { handle, opened, events } = mingdaoEvents({ store, rooms, guards, clock: ctx.clock, log });

  // The handshake: a live session, or connect_error 'unauthorized'.
  io.use((socket, next) => {
    const query = socket.handshake.query as Record<string, unknown>;
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const token = [query.pss_id, query.token, auth.pss_id, auth.token].find((t): t is string => typeof t === 'string' && t !== '');
    const session = sessions.resolve(token);
    if (!session || !store.user(session.uin)) return next(new Error('unauthorized'));
    if ((io.sockets.adapter.rooms.get(userRoom(session.uin))?.size ?? 0) >= guards.limits.connectionsPerUser) {
      log.info('mingdao connection refused: too many connections');
      return next(new Error('too many connections'));
    }
    (socket.data as { session?: ActiveSession }).session = session;
    next();
  });

  io.on('connection', (socket: Socket) => {
    const session = (socket.data as { session: ActiveSession }).session;
    const conn: Conn = {
      uin: session.uin,
      socketId: socket.id,
      currentChat: null,
      emit: (event, data) => socket.emit(event, data),
    };
    void socket.join([userRoom(session.uin), sessionRoom(session.key)]);
    // The session ends while connected: at its expiry (checked again when the timer's
    // limit comes first), or at sign-out (endSession).
    let expiry: ReturnType<typeof setTimeout>;
    const watchExpiry = (current: ActiveSession) => {
      expiry = setTimeout(() => {
        const still = sessions.resolveKey(current.key);
        if (still) watchExpiry(still);
        else socket.disconnect(true);
      }, Math.max(0, Math.min(sessions.msLeft(current), MAX_TIMER_MS)));
    };
    watchExpiry(session);
    socket.on('disconnect', () => clearTimeout(expiry));
    for (const event of events) {
      socket.on(event, (...args: unknown[]) => {
        try {
          if (!sessions.resolveKey(session.key)) {
            socket.disconnect(true);
            return;
          }
          handle(conn, event, args);
        } catch (e) {
          log.error('mingdao event failed', { event, error: errorName(e) });
        }
      });
    }
    opened(conn);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(ctx.port, ctx.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (e) => log.error('mingdao server error', { error: e.message }));
  const port = (http.address() as AddressInfo).port;
  const url = `http://${ctx.urlHost}:${port}`;
  log.info('mingdao front listening', { url, path: SOCKET_PATH });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        const ioClosed = io.close();
        http.closeAllConnections();
        await ioClosed;
      })()),
  };
}
