// POST /ipc/first-screen?limit=N: what a first start's conversation list waits for (the
// session, then each online account's first page of conversations) in ONE HTTP round trip, on
// a connection the page already holds from loading its files. Over the IPC WebSocket the same
// answers come only after a new connection's handshake (50–90 ms of a cold start on two
// cores: bench B1, fresh profile) and two round trips, one after the other.
//
// Only the rows painted before React use it (renderer/src/host/first-screen-over-http.ts):
// the client still asks on the socket, where the events that follow an answer arrive after it,
// in order. So this answer may be a moment old by the time it is painted, as any painted row
// may be; nothing is stored from it.
//
// The same gate as the socket's upgrade: the Host header (the caller checked it), the page's
// own Origin, and the access key, sent in a header (never in a URL, which logs keep).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionInfo } from '../../contract/commands';
import type { Conversation } from '../../contract/domain';
import { ACCESS_KEY_HEADER, FIRST_SCREEN_MAX_LIMIT, FIRST_SCREEN_PATH, type FirstPages } from '../../contract/first-screen';
import type { HostedCore } from '../core/core';
import type { Logger } from '../core/logger';
import { hostHeaderMatches, pageGateRefusal, parseRequestTarget } from './security';
import { reply, setSecurityHeaders } from './static-handler';

/** A request with a body is not one the page sends: refused before anything is read. */
const MAX_BODY_BYTES = 0;

export interface FirstScreenRouteOptions {
  core: HostedCore;
  /** Filled in once the server listens and its port is known. */
  site: () => { host: string; origin: string; csp: string } | null;
  secret: string;
  log: Logger;
}

/** True for a request this route answers (its path, whatever the method: a wrong one gets 405 here). */
export function isFirstScreenRequest(req: IncomingMessage): boolean {
  const target = req.url ?? '';
  const end = target.indexOf('?');
  return (end === -1 ? target : target.slice(0, end)) === FIRST_SCREEN_PATH;
}

export function createFirstScreenRoute(opts: FirstScreenRouteOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    answer(opts, req, res).catch((e: unknown) => {
      opts.log.error('first-screen request failed', { error: e instanceof Error ? e.stack : String(e) });
      if (!res.headersSent) reply(res, 500, 'Internal error', opts.site()?.csp);
      else res.destroy();
    });
  };
}

async function answer(opts: FirstScreenRouteOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const site = opts.site();
  if (!site) return reply(res, 503, 'Starting', undefined);
  if (!hostHeaderMatches(req.headers.host, site.host)) return reply(res, 421, 'Misdirected request', site.csp);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return reply(res, 405, 'Method not allowed', site.csp);
  }
  const refused = pageGateRefusal({ key: single(req.headers[ACCESS_KEY_HEADER]), origin: req.headers.origin }, { secret: opts.secret, origin: site.origin });
  if (refused === 'key') return reply(res, 401, 'Wrong or missing access key', site.csp);
  if (refused === 'origin') return reply(res, 403, 'Forbidden', site.csp);
  if (hasBody(req)) return reply(res, 413, 'This request takes no body', site.csp);
  const url = parseRequestTarget(req.url, site.origin);
  const limit = Number(url?.searchParams.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > FIRST_SCREEN_MAX_LIMIT) {
    return reply(res, 400, `limit must be a whole number from 1 to ${FIRST_SCREEN_MAX_LIMIT}`, site.csp);
  }

  const session = await opts.core.dispatch('session.get', {});
  if (!session.ok) return reply(res, 503, 'The session is not ready', site.csp);
  const info = session.value as SessionInfo;
  // Every online account's page at once; one that fails is left out (the client asks again).
  const pages = await Promise.all(
    info.accounts
      .filter((a) => a.connection === 'online')
      .map(async ({ account }) => {
        const page = await opts.core.dispatch('conversations.list', { accountId: account.id, limit });
        return page.ok ? { accountId: account.id, items: (page.value as { items: Conversation[] }).items } : null;
      }),
  );
  const body = Buffer.from(JSON.stringify({ session: info, pages: pages.filter((p) => p !== null) } satisfies FirstPages));
  setSecurityHeaders(res, site.csp);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(body.byteLength));
  res.end(body);
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? undefined : header;
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > MAX_BODY_BYTES;
}
