// The talker front: its own port, the same database and users as the Netalo front. It
// speaks socket.io (default namespace, any transport, Engine.IO 3 and 4 clients) and a raw
// WebSocket on the same port (JSON frames `{event, data}` both ways), plus talker's HTTP
// routes. Behaviour follows the real talker server (../shared/protocol-notes.md); where
// its document is silent, server/PROTOCOL.md says what we chose.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { corkEachFlush } from '../corked-flushes';
import { behindBy, closeSlowReaders, sendUnlessBehind } from '../slow-readers';
import { heartbeat } from '../ws-heartbeat';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import type { Clock } from '../clock';
import type { Db } from '../db';
import type { IdGenerator } from '../ids';
import type { UserStore } from '../users';
import { answerMalformedRequests, limitConnections } from '../http-guard';
import { handshakeCheck, refuseUpgrade, servingOnly, type HostCheck } from '../host-check';
import { Connections, type Connection } from './connections';
import { talkerEvents } from './events';
import { talkerHttp } from './http';
import { MEDIA_LIMIT } from './requests';
import { TalkerStore } from './store';
import { Typing } from './typing';

export interface TalkerFront {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startTalkerFront(opts: {
  db: Db;
  users: UserStore;
  ids: IdGenerator;
  clock: Clock;
  log: Logger;
  port: number;
  host: string;
  urlHost: string;
  guards: AbuseGuards;
  /** The Host names this front answers to (host-check.ts). */
  hostCheck: HostCheck;
}): Promise<TalkerFront> {
  const { log, guards, hostCheck } = opts;
  const store = new TalkerStore(opts.db, opts.users, opts.clock);
  const connections = new Connections();
  const typing = new Typing((to, typer, on) => connections.toUser(to, 'typing', { typer, typing: on }));
  const { handle } = talkerEvents({ store, connections, typing, guards, log });

  const http: HttpServer = createServer(
    { requireHostHeader: false }, // servingOnly answers a missing Host (host-check.ts)
    servingOnly(hostCheck, talkerHttp({ store, users: opts.users, ids: opts.ids, connections, guards, log: log.child('http') })),
  );
  answerMalformedRequests(http, log);
  limitConnections(http, { perAddress: guards.limits.connectionsPerAddress, perPort: guards.limits.connectionsPerPort }, log);

  /**
   * One connection's events, in order. Those waiting behind the one being handled (a sign-in
   * waits for its password check) are bounded (pending-budget.ts): beyond, refused with 429.
   */
  const serial = (conn: Connection) => {
    let chain: Promise<void> = Promise.resolve();
    const budget = guards.pendingBudget();
    return (event: string, data: unknown) => {
      const weight = budget.take(data);
      if (weight === null) return conn.emit('error', 429);
      chain = chain.then(() => handle(conn, event, data)).finally(() => budget.release(weight));
    };
  };
  const gone = (conn: Connection) => {
    if (conn.userId !== null) typing.stopAll(conn.userId);
    connections.remove(conn);
  };

  const io = new Server(http, {
    serveClient: false,
    allowEIO3: true,
    // A message's media travels inside it as a data URI of up to MEDIA_LIMIT: room for that
    // and its JSON envelope, no more. A bigger packet closes that one connection.
    maxHttpBufferSize: MEDIA_LIMIT + 64 * 1024,
    allowRequest: handshakeCheck(hostCheck),
  });
  corkEachFlush(io); // one write per flush (corked-flushes.ts)
  closeSlowReaders(io, log, guards.limits.behindPerConnection);
  io.on('connection', (socket) => {
    const conn: Connection = {
      address: socket.handshake.url,
      remoteAddress: socket.handshake.address,
      userId: null,
      emit: (event, data) => socket.emit(event, data),
      behind: () => behindBy(socket.conn).bytes,
    };
    connections.add(conn);
    const run = serial(conn);
    socket.emit('address', { address: conn.address });
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    if (auth && Object.keys(auth).length > 0) run('login', auth);
    socket.onAny((event: string, data: unknown) => run(event, data));
    socket.on('disconnect', () => gone(conn));
  });

  // Raw WebSocket clients: any upgrade that is not socket.io's own path.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MEDIA_LIMIT + 64 * 1024 });
  const beat = heartbeat();
  http.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/socket.io/')) return; // socket.io's listener takes it
    if (!hostCheck.allows(req.headers.host)) return refuseUpgrade(socket);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      beat.watch(ws);
      const conn: Connection = {
        address: req.url ?? '/',
        remoteAddress: req.socket.remoteAddress ?? 'unknown',
        userId: null,
        emit: (event, data) => sendUnlessBehind(ws, JSON.stringify({ event, data }), guards.limits.behindPerConnection.bytes, log),
        behind: () => ws.bufferedAmount,
      };
      connections.add(conn);
      const run = serial(conn);
      conn.emit('address', { address: conn.address });
      const query = URL.parse(conn.address, 'http://talker.invalid')?.searchParams;
      if (query?.get('login') && query.get('hash')) run('login', { login: query.get('login'), hash: query.get('hash') });
      ws.on('message', (raw) => {
        let frame: unknown;
        try {
          frame = JSON.parse(String(raw));
        } catch {
          return conn.emit('error', 400);
        }
        const { event, data } = (frame ?? {}) as { event?: unknown; data?: unknown };
        if (typeof event !== 'string') return conn.emit('error', 400);
        run(event, data);
      });
      ws.on('close', () => gone(conn));
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (e) => log.error('talker server error', { error: e.message }));
  const port = (http.address() as AddressInfo).port;
  const url = `http://${opts.urlHost}:${port}`;
  log.info('talker front listening', { url });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        typing.close();
        beat.stop();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        const ioClosed = io.close();
        http.closeAllConnections();
        await ioClosed;
      })()),
  };
}
