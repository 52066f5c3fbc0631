// Starts the reference server in-process: SQLite, the HTTP API and socket.io on one port.
// Used by the CLI (index.ts) and by tests (port 0 picks a free port).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { corkEachFlush } from './corked-flushes';
import { createLogger, type Logger } from '../main/core/logger';
import { losslessParser } from '../main/protocols/netalo/wire/socketio-parser';
import { createAbuseGuards } from './abuse-guards';
import { Accounts } from './accounts';
import { systemClock, type Clock } from './clock';
import { openDatabase, storedIdFloors, transactionRunner } from './db';
import { seedDemoUsers } from './demo';
import { createHostCheck, handshakeCheck, servingOnly } from './host-check';
import { answerMalformedRequests, limitConnections } from './http-guard';
import { createHttpApi } from './http-api';
import { createServerIds } from './ids';
import { resolveLimits, type LimitsOverride } from './limits';
import { Presence } from './presence';
import { SessionStore } from './sessions';
import { UserStore } from './users';
import type { NetaloNamespace, NetaloServices } from './netalo/context';
import { createDispatcher } from './netalo/dispatch';
import { FairQueue } from './netalo/fair-queue';
import { CommitGroup } from './netalo/commit-group';
import { GroupStore } from './netalo/group-store';
import { GroupViews } from './netalo/group-view';
import { guardHandlers } from './netalo/guards';
import { netaloHandlers } from './netalo/handlers';
import { MemberStore } from './netalo/member-store';
import { MessageStore } from './netalo/message-store';
import { ProfileTokenStore } from './netalo/profile-token-store';
import { profileTokenHandlers } from './netalo/profile-tokens';
import { createPusher } from './netalo/push';
import { acceptNetaloConnections } from './netalo/socket';
import { CallRegistry, DEFAULT_GRACE_SECONDS, DEFAULT_RING_SECONDS } from './netalo/calls/call-registry';
import { FileStore } from './files/file-store';
import { startTalkerFront, type TalkerFront } from './talker/front';
import type { Front, FrontContext } from './fronts';
import { startHarajFront } from './haraj/front';
import { startMingdaoFront } from './mingdao/front';
import { startAzstackFront, type AzstackFrontOptions } from './azstack/front';
import { closeSlowReaders } from './slow-readers';

/** The fronts besides Netalo's and talker's, each on its own port when asked for. */
const OTHER_FRONTS = [
  { name: 'haraj', option: 'harajPort', start: startHarajFront },
  { name: 'mingdao', option: 'mingdaoPort', start: startMingdaoFront },
  { name: 'azstack', option: 'azstackPort', start: startAzstackFront },
] as const;
export type OtherFrontName = (typeof OTHER_FRONTS)[number]['name'];

export const DEFAULT_PORT = 7450;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface StartServerOptions {
  /** 0 = any free port. Default 7450. */
  port?: number;
  /** Default 127.0.0.1: reachable from this machine only. */
  host?: string;
  /** Where the SQLite database lives; created if missing. */
  dataDir: string;
  /** Seed alice, bob and carol (idempotent). */
  demo?: boolean;
  /** Default 30 days. */
  sessionTtlSeconds?: number;
  log?: Logger;
  /** ms since the epoch; tests move it to expire sessions without waiting. */
  clock?: Clock;
  /** Also serve the talker protocol on this port (0 = any free port); absent = no talker front. */
  talkerPort?: number;
  /** Haraj's `/chat/ws` and its HTTP API on this port (0 = any free port); absent = no Haraj front. */
  harajPort?: number;
  /** Mingdao's socket.io at `/mds2` (and its sign-in) on this port; absent = no Mingdao front. */
  mingdaoPort?: number;
  /** AZStack's socket.io (Engine.IO 3, `WebPacket`) on this port; absent = no AZStack front. */
  azstackPort?: number;
  /** AZStack apps (--azstack-app ID:PRIVATE_KEY_FILE), besides the demo app `parley-demo` that `demo` creates. */
  azstackApps?: AzstackFrontOptions['apps'];
  /** The ICE servers the AZStack front's sign-in reply lists (--azstack-ice-server); none by default. */
  azstackIceServers?: AzstackFrontOptions['iceServers'];
  /** How long an AZStack socket may stay open without signing in; default 60 s. Tests shorten it. */
  azstackSignInDeadlineMs?: number;
  /** Abuse limits over the defaults (limits.ts); tests make them small. */
  limits?: LimitsOverride;
  /** Host names served besides this machine's own (--allowed-host), e.g. behind a proxy. */
  allowedHosts?: readonly string[];
  /**
   * Every ID above 2^53, users' and groups' too (--large-ids). By default users and groups
   * get IDs below 2^53, as in the real system (ids.ts). Client tests set it, so that an ID
   * passed through a JavaScript number shows.
   */
  largeIds?: boolean;
  /** How long a call rings before it is missed (--call-ring-seconds); default 30. Tests make it short. */
  callRingSeconds?: number;
  /** How long a joined call participant may have no connected socket before leaving as failed (--call-grace-seconds); default 10. */
  callGraceSeconds?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:7450 */
  url: string;
  port: number;
  /** The talker front, e.g. http://127.0.0.1:7455, when it was started. */
  talkerUrl?: string;
  /** The other fronts that were started, by name: e.g. { haraj: 'http://127.0.0.1:7456' }. */
  frontUrls: Partial<Record<OtherFrontName, string>>;
  /** Disconnects every socket, stops listening and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? createLogger('server');
  const clock = opts.clock ?? systemClock;
  const ttlSeconds = opts.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  if (!(ttlSeconds > 0)) throw new Error('sessionTtlSeconds must be positive');
  const ringSeconds = opts.callRingSeconds ?? DEFAULT_RING_SECONDS;
  const graceSeconds = opts.callGraceSeconds ?? DEFAULT_GRACE_SECONDS;
  if (!(ringSeconds > 0) || !(graceSeconds > 0)) throw new Error('callRingSeconds and callGraceSeconds must be positive');

  const db = openDatabase(opts.dataDir);
  try {
    const ids = createServerIds({ clock, floors: storedIdFloors(db), largeIds: opts.largeIds ?? false });
    const users = new UserStore(db, clock);
    const sessions = new SessionStore(db, clock, ttlSeconds * 1000);
    const messages = new MessageStore(db);
    const groups = new GroupStore(db, messages);
    const files = new FileStore(db, opts.dataDir, clock);
    const guards = createAbuseGuards(resolveLimits(opts.limits), clock);
    const accounts = new Accounts(users, sessions, ids.users, guards.gate);
    if (opts.demo) await seedDemoUsers(accounts, log);
    const host = opts.host ?? DEFAULT_HOST;
    const hostCheck = createHostCheck({ host, ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}) });

    // The HTTP API needs the socket side (to end a signed-out session's sockets) and the
    // socket side is attached to the HTTP server: tie the knot through this variable.
    let endSession: (sessionKey: string) => void = () => {};
    const httpServer = createServer(
      // A request without Host reaches servingOnly, which answers it as JSON like any refusal.
      { requireHostHeader: false },
      servingOnly(
        hostCheck,
        createHttpApi({
          accounts,
          sessions,
          users,
          log: log.child('http'),
          throttle: guards.throttle,
          signUps: guards.signUps,
          onSignedOut: (s) => endSession(s.key),
          files: { files, maxBytes: () => guards.limits.uploadBytes, storedBytes: guards.storedBytes.limiter },
        }),
      ),
    );
    answerMalformedRequests(httpServer, log.child('http'));
    limitConnections(httpServer, { perAddress: guards.limits.connectionsPerAddress, perPort: guards.limits.connectionsPerPort }, log.child('http'));
    const io = new Server(httpServer, {
      parser: losslessParser,
      // Real Netalo web clients were built on socket.io-client 2.x (Engine.IO 3): accept them too.
      allowEIO3: true,
      serveClient: false,
      // No Netalo request comes near 1 MB (a message is at most 10,000 characters, its
      // attachments 16 KiB): a bigger packet closes that one connection.
      maxHttpBufferSize: 1_000_000,
      // A handshake for another Host name (DNS rebinding) is refused, as HTTP requests are.
      allowRequest: handshakeCheck(hostCheck),
    });
    // A flush of queued packets (a turn's acks, say) leaves in one write (corked-flushes.ts).
    corkEachFlush(io);
    closeSlowReaders(io, log.child('netalo'), guards.limits.behindPerConnection);
    const nsp: NetaloNamespace = io.of('/data');
    const push = createPusher(nsp);
    const presence = new Presence({
      presencePeers: (uin) => groups.presencePeers(uin),
      recordLastSeen: (uin, seconds) => users.setLastSeen(uin, seconds),
      push,
      clock,
      log: log.child('presence'),
    });
    const members = new MemberStore(db);
    // The registry changes calls by itself too (ring time, vanished participants): it reaches
    // the services, which hold it, through this getter.
    const calls = new CallRegistry({ ringMs: ringSeconds * 1000, graceMs: graceSeconds * 1000, log: log.child('calls'), services: () => services });
    const services: NetaloServices = {
      transaction: transactionRunner(db),
      users,
      groups,
      members,
      views: new GroupViews({ groups, members, users, presence }),
      messages,
      files,
      ids: ids.messages,
      groupIds: ids.groups,
      clock,
      push,
      presence,
      calls,
    };
    // Each queue turn's requests share one transaction and one fsync (netalo/commit-group.ts).
    const commits = new CommitGroup(db, { before: () => push.hold(), after: () => push.release() });
    const dispatch = createDispatcher({
      handlers: guardHandlers({ ...netaloHandlers, ...profileTokenHandlers(new ProfileTokenStore(db, clock)) }, guards),
      services,
      sessions,
      log: log.child('netalo'),
      afterCommit: commits.afterCommit,
      beforeAnswer: (socket) => push.flushSocket(socket),
    });
    const queue = new FairQueue(
      guards.limits.pendingPerSocket,
      (e) => log.error('queued request failed', { error: e instanceof Error ? e.message : String(e) }),
      (work) => commits.run(work),
    );
    endSession = acceptNetaloConnections({
      nsp,
      sessions,
      presence,
      dispatch,
      queue,
      pendingBudget: guards.pendingBudget,
      behind: guards.limits.behindPerConnection,
      maxConnectionsPerUser: guards.limits.connectionsPerUser,
      log: log.child('netalo'),
    }).endSession;

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(opts.port ?? DEFAULT_PORT, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    httpServer.on('error', (e) => log.error('http server error', { error: e.message }));

    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://${urlHost(host)}:${port}`;
    log.info('listening', { url });

    let talker: TalkerFront | undefined;
    if (opts.talkerPort !== undefined) {
      try {
        talker = await startTalkerFront({
          db,
          users,
          // Only for users signing up through talker: its messages have talker's own ids.
          ids: ids.users,
          clock,
          log: log.child('talker'),
          port: opts.talkerPort,
          host,
          urlHost: urlHost(host),
          guards,
          hostCheck, // the same names: it is the same machine (any port)
        });
      } catch (e) {
        calls.close();
        presence.stop();
        queue.close();
        await io.close();
        throw e;
      }
    }

    const fronts: Array<{ name: OtherFrontName; front: Front }> = [];
    for (const { name, option, start } of OTHER_FRONTS) {
      const frontPort = opts[option];
      if (frontPort === undefined) continue;
      const context: FrontContext = {
        db,
        users,
        accounts,
        sessions,
        ids,
        clock,
        log: log.child(name),
        port: frontPort,
        host,
        urlHost: urlHost(host),
        guards,
        hostCheck,
        dataDir: opts.dataDir,
        demo: opts.demo ?? false,
      };
      try {
        const azstack: AzstackFrontOptions = {
          apps: opts.azstackApps ?? [],
          iceServers: opts.azstackIceServers ?? [],
          ...(opts.azstackSignInDeadlineMs !== undefined ? { signInDeadlineMs: opts.azstackSignInDeadlineMs } : {}),
        };
        fronts.push({ name, front: await (name === 'azstack' ? startAzstackFront(context, azstack) : start(context)) });
      } catch (e) {
        for (const started of fronts) await started.front.close();
        calls.close();
        presence.stop();
        queue.close();
        await talker?.close();
        await io.close();
        throw e;
      }
    }

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        // Ongoing calls end now, while their sockets can still be told and the database written.
        calls.close();
        presence.stop();
        queue.close();
        await talker?.close();
        for (const { front } of fronts) await front.close();
        // io.close() disconnects every socket, then closes the HTTP server and waits for its
        // connections to end; HTTP keep-alive connections would hold that open, so cut them.
        const ioClosed = io.close();
        httpServer.closeAllConnections();
        await ioClosed;
        db.close();
        log.info('stopped');
      })();
      return closing;
    };
    const frontUrls = Object.fromEntries(fronts.map(({ name, front }) => [name, front.url])) as RunningServer['frontUrls'];
    return { url, port, ...(talker ? { talkerUrl: talker.url } : {}), frontUrls, close };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The host part of the URL others should use: a wildcard address means "this machine". */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
