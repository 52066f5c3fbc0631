// The Haraj front: its own port, the same database and users as the Netalo front. The
// document's WebSocket at /chat/ws (authenticate, listen / unlisten presence, receive
// message / reads / pres packets) and the companion HTTP API under /chat that the protocol
// notes describe (sessions, topics, sending, reads; Parley's typing and user look-up).
// Where the document and the notes are silent, server/PROTOCOL.md (Haraj) says what we chose.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Front, FrontContext } from '../fronts';
import { answerMalformedRequests, limitConnections } from '../http-guard';
import { heartbeat } from '../ws-heartbeat';
import { refuseUpgrade } from '../host-check';
import { harajHttp } from './http';
import { HarajHub } from './hub';
import { harajSockets, MAX_FRAME_BYTES } from './socket';
import { HarajStore } from './store';
import { DEFAULT_ACCESS_TTL_MS, HarajTokens } from './tokens';

/** Dead sockets (a peer gone without a close) are found by ping: one without a pong by the next round is cut. */
const SWEEP_MS = 60 * 60 * 1000;

/**
 * How long access tokens live: 1 h, or PARLEY_HARAJ_ACCESS_TTL_SECONDS (tests and demos of
 * the refresh shorten it; tests in-process move the server's clock instead).
 */
export function accessTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.PARLEY_HARAJ_ACCESS_TTL_SECONDS);
  return Number.isInteger(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_ACCESS_TTL_MS;
}

export async function startHarajFront(ctx: FrontContext): Promise<Front> {
  const { log, clock, hostCheck, guards } = ctx;
  const store = new HarajStore(ctx.db, ctx.users, clock);
  const tokens = new HarajTokens(ctx.db, clock, accessTtlMs());
  const hub = new HarajHub(clock);
  tokens.sweep();
  const sweeper = setInterval(() => tokens.sweep(), SWEEP_MS);
  sweeper.unref();

  const http: HttpServer = createServer(
    { requireHostHeader: false }, // the handler answers a missing Host in Haraj's own shape
    harajHttp({ store, tokens, hub, users: ctx.users, guards, hostCheck, clock, log: log.child('http') }),
  );
  answerMalformedRequests(http, log);
  limitConnections(http, { perAddress: guards.limits.connectionsPerAddress, perPort: guards.limits.connectionsPerPort }, log);

  const accept = harajSockets({ store, tokens, hub, guards, clock, log: log.child('ws') });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const beat = heartbeat();
  http.on('upgrade', (req, socket, head) => {
    if (!hostCheck.allows(req.headers.host)) return refuseUpgrade(socket);
    const path = URL.parse(req.url ?? '/', 'http://haraj.invalid')?.pathname;
    if (path !== '/chat/ws') {
      if (socket.writable) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      beat.watch(ws);
      accept(ws);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(ctx.port, ctx.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (e) => log.error('haraj server error', { error: e.message }));
  const port = (http.address() as AddressInfo).port;
  const url = `http://${ctx.urlHost}:${port}`;
  log.info('haraj front listening', { url });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        beat.stop();
        clearInterval(sweeper);
        hub.close();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await closed;
      })()),
  };
}
