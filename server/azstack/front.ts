// The AZStack front: its own port, the same database and users as the other fronts. It
// speaks what the official AZStack SDK speaks (../shared/protocol-notes.md, AZStack):
// socket.io at /socket.io/, namespace /, Engine.IO 3 clients (allowEIO3), one event
// `WebPacket` {service, body: JSON text} both ways. A socket is either a "master" socket
// (29 only) or a session (179 → 162, then every other service). Each socket's packets are
// handled one after another, so replies and relays keep the order they were sent in.
// Where the notes are silent, server/PROTOCOL.md (AZStack) says what we chose.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { corkEachFlush } from '../corked-flushes';
import { closeSlowReaders } from '../slow-readers';
import type { Front, FrontContext } from '../fronts';
import { handshakeCheck, servingOnly } from '../host-check';
import { answerMalformedRequests, limitConnections } from '../http-guard';
import { loadApps, type AzstackAppOption } from './apps';
import { callServices } from './calls';
import { Connections, reply, type Conn } from './connections';
import { AzstackGroups } from './group-store';
import { groupServices } from './groups';
import { harmlessServices } from './harmless';
import { historyServices } from './history';
import { messageServices } from './messages';
import { Refused, type Me, type Raw, type Service, type ServiceDeps } from './service';
import { signIn, type IceServer } from './sign-in';
import { AzstackStore } from './store';
import { userServices } from './users';
import { BadPacket, EVENT, S, readPacket } from './wire';

/** How long a socket may stay open without signing in (the SDK waits 60 s for 162). */
export const SIGN_IN_DEADLINE_MS = 60_000;

export interface AzstackFrontOptions {
  /** --azstack-app ID:PRIVATE_KEY_FILE, besides the demo app (--demo). */
  apps?: readonly AzstackAppOption[];
  /** What 162's `ice_server` lists; none by default (loopback needs no STUN/TURN). */
  iceServers?: readonly IceServer[];
  /** Tests shorten SIGN_IN_DEADLINE_MS. */
  signInDeadlineMs?: number;
}

export async function startAzstackFront(ctx: FrontContext, options: AzstackFrontOptions = {}): Promise<Front> {
  const { log, clock, guards } = ctx;
  const apps = loadApps(options.apps ?? [], ctx.demo, ctx.dataDir);
  if (apps.size === 0) log.warn('no AZStack app configured (--azstack-app or --demo): nobody can sign in');
  const store = new AzstackStore(ctx.db, ctx.users);
  const groups = new AzstackGroups(ctx.db);
  const connections = new Connections();
  const deps: ServiceDeps = { store, groups, connections, guards, clock, log };
  const services: Record<number, Service<never>> = {
    ...harmlessServices(),
    ...messageServices(deps),
    ...historyServices(deps),
    ...userServices(deps),
    ...groupServices(deps),
    ...callServices(deps),
  };

  const http: HttpServer = createServer(
    { requireHostHeader: false }, // servingOnly answers a missing Host (host-check.ts)
    servingOnly(ctx.hostCheck, (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
    }),
  );
  answerMalformedRequests(http, log);
  limitConnections(http, { perAddress: guards.limits.connectionsPerAddress, perPort: guards.limits.connectionsPerPort }, log);
  const io = new Server(http, {
    serveClient: false,
    allowEIO3: true, // the SDK is socket.io-client 2.x
    // A packet over BODY_LIMIT (but under 1 MB) is dropped by readPacket, the connection
    // kept; a packet over 1 MB closes that one connection (socket.io's own limit).
    maxHttpBufferSize: 1_000_000,
    allowRequest: handshakeCheck(ctx.hostCheck),
  });
  corkEachFlush(io); // one write per flush (corked-flushes.ts)
  closeSlowReaders(io, log, guards.limits.behindPerConnection);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(ctx.port, ctx.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (e) => log.error('azstack server error', { error: e.message }));
  const port = (http.address() as AddressInfo).port;
  const url = `http://${ctx.urlHost}:${port}`;

  const sessions = signIn({
    apps,
    store,
    users: ctx.users,
    connections,
    guards,
    iceServers: options.iceServers ?? [],
    address: { ip: ctx.urlHost.replace(/^\[|\]$/g, ''), port },
    log,
  });

  /** One packet of a signed-in connection. Never throws. */
  const serve = (me: Me, service: number, body: unknown): void => {
    const handler = Object.prototype.hasOwnProperty.call(services, service) ? services[service] : undefined;
    if (!handler) {
      log.debug('azstack service not served', { service });
      return;
    }
    const raw: Raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Raw) : {};
    const parsed = handler.schema.safeParse(body);
    if (!parsed.success) {
      // The paths and codes only: never a value.
      const issue = parsed.error.issues[0];
      log.info('azstack bad body', { service, field: issue?.path.join('.') ?? '', code: issue?.code ?? '' });
      if (handler.fail) reply(me, service, handler.fail(raw));
      return;
    }
    try {
      handler.run(me, parsed.data, raw);
    } catch (e) {
      if (e instanceof Refused) log.info('azstack request refused', { service, reason: e.message });
      else log.error('azstack service failed', { service, error: e instanceof Error ? e.message : String(e) });
      if (handler.fail) reply(me, service, handler.fail(raw));
    }
  };

  const handle = async (conn: Conn, data: unknown): Promise<void> => {
    let packet;
    try {
      packet = readPacket(data);
    } catch (e) {
      log.info('azstack bad packet', { reason: e instanceof BadPacket ? e.message : 'unreadable' });
      return;
    }
    if (conn.userId === null || conn.uin === null) {
      // Before 162 only the sign-in services are answered, and nothing else is ever sent.
      if (packet.service === S.SERVER_ADDR) return sessions.serverAddress(conn, packet.body);
      if (packet.service === S.AUTHENTICATE) return sessions.authenticate(conn, packet.body);
      log.debug('azstack packet before sign-in dropped', { service: packet.service });
      return;
    }
    if (packet.service === S.SERVER_ADDR || packet.service === S.AUTHENTICATE) {
      log.debug('azstack sign-in packet on a signed-in socket ignored', { service: packet.service });
      return;
    }
    serve(conn as Me, packet.service, packet.body);
  };

  io.on('connection', (socket) => {
    let open = true;
    // Packets waiting behind the one being handled (a sign-in waits for its password check): bounded (pending-budget.ts).
    const budget = guards.pendingBudget();
    let chain: Promise<void> = Promise.resolve();
    const conn: Conn = {
      id: socket.id,
      remoteAddress: socket.handshake.address,
      userId: null,
      uin: null,
      emitRaw: (event, data) => {
        if (open) socket.emit(event, data);
      },
      close: () => {
        open = false;
        socket.disconnect(true);
      },
    };
    const gone = () => {
      const userId = conn.userId;
      if (userId !== null && connections.remove(conn)) store.setLastVisit(userId, clock());
      conn.userId = null;
    };
    // A socket that has not asked to sign in (179) within the SDK's own 60 s reply window
    // is closed: an idle unauthenticated socket would otherwise hold a slot for ever. The
    // master socket (29) is closed by the SDK itself right after its answer.
    const signInDeadline = setTimeout(() => {
      if (open && conn.userId === null) {
        log.info('azstack socket closed: no sign-in in time');
        conn.close();
      }
    }, options.signInDeadlineMs ?? SIGN_IN_DEADLINE_MS);
    socket.on(EVENT, (data: unknown) => {
      // A sign-in under way (179 sent, its password check queued) is not idle.
      if (typeof data === 'object' && data !== null && (data as { service?: unknown }).service === S.AUTHENTICATE) clearTimeout(signInDeadline);
      const weight = budget.take(data);
      if (weight === null) {
        log.info('azstack packet dropped: too many waiting');
        return;
      }
      chain = chain
        .then(() => (open ? handle(conn, data) : undefined))
        .catch((e: unknown) => log.error('azstack packet failed', { error: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          budget.release(weight);
          // A sign-in that finished after its socket went away must not stay listed.
          if (!open) gone();
        });
    });
    socket.on('disconnect', () => {
      open = false;
      clearTimeout(signInDeadline);
      gone();
    });
  });
  log.info('azstack front listening', { url, apps: [...apps.keys()] });

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
