// The browser host: the built renderer over HTTP and the IPC contract over an authenticated
// WebSocket (and a first start's list in one authenticated HTTP request: first-screen-route.ts),
// all on one loopback port. For machines without Electron; the renderer cannot tell the
// difference (renderer/src/host/ picks the transport).

import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from '../core/content-security-policy';
import type { AttachmentStore } from '../core/attachments';
import type { HostedCore } from '../core/core';
import type { Logger } from '../core/logger';
import { createIpcSocketServer } from './ipc-socket';
import { createFirstScreenRoute, isFirstScreenRequest } from './first-screen-route';
import { createLaunchTickets } from './launch-tickets';
import { refuseUpgrade } from './refuse-upgrade';
import { LAUNCH_PATH, createStaticHandler } from './static-handler';
import { assertUsableSecret, hostHeaderMatches, newSecret, pageGateRefusal, parseRequestTarget, urlHostFor } from './security';

export const IPC_PATH = '/ipc';

export interface WebHostOptions {
  core: HostedCore;
  /** Where `/attachments/<name>` is read from (the core's store). */
  attachments?: AttachmentStore;
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 (or ::1); anything else is refused. */
  host: string;
  rendererDir: string;
  log: Logger;
  /** Per launch by default; pass one only to keep a link valid across restarts. */
  secret?: string;
}

export interface WebHost {
  /** Open this: the secret travels in the fragment, which no server or log ever sees. */
  url: string;
  origin: string;
  secret: string;
  /** A one-time link for a browser's command line (see launch-tickets.ts). */
  launchUrl(): string;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const urlHost = urlHostFor(opts.host);
  const secret = opts.secret ?? newSecret();
  assertUsableSecret(secret);
  const log = opts.log.child('webhost');
  const tickets = createLaunchTickets(secret);
  const ipc = createIpcSocketServer(opts.core, log.child('ipc'));

  // Known once listening (the port may be 0 until then); until then every request is refused.
  let site: { host: string; origin: string; csp: string } | null = null;

  const statics = createStaticHandler({
    rendererDir: opts.rendererDir,
    site: () => site,
    tickets,
    log,
    ...(opts.attachments ? { attachments: opts.attachments } : {}),
  });
  const firstScreen = createFirstScreenRoute({ core: opts.core, site: () => site, secret, log });
  const server = createServer((req, res) => (isFirstScreenRequest(req) ? firstScreen(req, res) : statics(req, res)));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let refusal: { status: number; reason: string } | null;
    try {
      refusal = site ? checkUpgrade(req, site, secret) : { status: 503, reason: 'starting' };
    } catch (e) {
      // Nothing a client sends may end the host: an unexpected failure is a refusal.
      log.error('IPC upgrade check failed', { error: e instanceof Error ? e.name : typeof e });
      refusal = { status: 400, reason: 'unreadable request' };
    }
    if (refusal) {
      log.warn('IPC connection refused', { reason: refusal.reason, origin: req.headers.origin ?? null });
      return refuseUpgrade(socket, refusal.status);
    }
    ipc.wss.handleUpgrade(req, socket, head, (ws) => ipc.wss.emit('connection', ws, req));
  });
  // A client that vanishes mid-handshake must not take the host down.
  server.on('clientError', (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = `${urlHost}:${port}`;
  const origin = `http://${host}`;
  site = { host, origin, csp: contentSecurityPolicy({ connectSrc: [`ws://${host}`] }) };
  log.info('listening', { origin });

  return {
    url: `${origin}/#k=${secret}`,
    origin,
    secret,
    launchUrl: () => `${origin}${LAUNCH_PATH}?ticket=${tickets.issue()}`,
    close: async () => {
      await ipc.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.info('stopped');
    },
  };
}

/** Null when the upgrade may proceed; else the status to answer and why (for the log). */
function checkUpgrade(
  req: IncomingMessage,
  site: { host: string; origin: string },
  secret: string,
): { status: number; reason: string } | null {
  if (!hostHeaderMatches(req.headers.host, site.host)) return { status: 403, reason: 'wrong Host' };
  const url = parseRequestTarget(req.url, site.origin);
  if (!url) return { status: 400, reason: 'bad target' };
  if (url.pathname !== IPC_PATH) return { status: 404, reason: 'not the IPC path' };
  const refused = pageGateRefusal({ key: url.searchParams.get('secret'), origin: req.headers.origin }, { secret, origin: site.origin });
  if (refused === 'key') return { status: 401, reason: 'wrong or missing secret' };
  if (refused === 'origin') return { status: 403, reason: 'wrong Origin' };
  return null;
}
