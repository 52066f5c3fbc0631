// The Mingdao front's HTTP sign-in (undocumented by Mingdao: Parley's, server/PROTOCOL.md):
//   POST /mds2/api/login  {account, password} → 200 {pss_id, accountId, name, avatar}
//   POST /mds2/api/logout with `Authorization: md_pss_id <pss_id>` → 200 {}
// The session is the server's own (sessions.ts): the same users and passwords as every front.
// Errors are {error: '…'}: 400 malformed, 401 wrong credentials or session, 404, 405, 413,
// 429 throttled (Retry-After), 503 busy.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../../main/core/logger';
import { errorName } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import { InvalidCredentialsError, type Accounts } from '../accounts';
import { HashGateBusyError } from '../hash-gate';
import { HttpError, readJsonBody, remoteAddress, sendJson } from '../http-io';
import { retryAfterSeconds } from '../limits';
import type { ActiveSession } from '../sessions';
import { SignInThrottledError } from '../sign-in-throttle';

export const API_PREFIX = '/mds2/api/';

const LoginBody = z.object({ account: z.string().trim().min(1).max(128), password: z.string().min(1).max(1024) });
const AUTHORIZATION = /^md_pss_id ([0-9a-f]{64})$/;

export interface MingdaoHttpDeps {
  accounts: Accounts;
  guards: AbuseGuards;
  /** Closes the live sockets of a session that signed out. */
  endSession(session: ActiveSession): void;
  log: Logger;
}

class Answer extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(error);
  }
}

export function mingdaoHttp(deps: MingdaoHttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { accounts, guards, endSession, log } = deps;

  const login = async (req: IncomingMessage) => {
    // Read as JSON whatever its declared type: clients send JSON (PROTOCOL.md).
    const parsed = LoginBody.safeParse(await readJsonBody(req));
    if (!parsed.success) throw new Answer(400, 'account and password are required');
    const { account, password } = parsed.data;
    let attempt;
    try {
      attempt = guards.throttle.begin(account, remoteAddress(req));
    } catch (e) {
      if (!(e instanceof SignInThrottledError)) throw e;
      const seconds = retryAfterSeconds(e.retryAfterMs);
      throw new Answer(429, `too many failed sign-ins: try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    try {
      const signed = await accounts.signIn({ username: account, password });
      attempt.succeeded();
      return { pss_id: signed.session, accountId: signed.user.uin, name: signed.user.displayName, avatar: '' };
    } catch (e) {
      if (e instanceof InvalidCredentialsError) throw new Answer(401, 'invalid account or password');
      attempt.cancelled();
      if (e instanceof HashGateBusyError) throw new Answer(503, 'busy: try again in a moment', { 'Retry-After': '1' });
      throw e;
    }
  };

  const logout = (req: IncomingMessage) => {
    const match = AUTHORIZATION.exec(req.headers.authorization ?? '');
    const session = match ? accounts.signOut(match[1]) : null;
    if (!session) throw new Answer(401, 'unauthorized');
    endSession(session);
    return {};
  };

  const routes: Record<string, (req: IncomingMessage) => Promise<unknown> | unknown> = { login, logout };

  return (req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0]!;
        const name = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : '';
        const route = Object.prototype.hasOwnProperty.call(routes, name) ? routes[name] : undefined;
        if (!route) throw new Answer(404, 'not found');
        if (req.method !== 'POST') throw new Answer(405, 'use POST', { Allow: 'POST' });
        sendJson(res, 200, await route(req));
      } catch (e) {
        if (e instanceof Answer) return sendJson(res, e.status, { error: e.error }, e.headers);
        if (e instanceof HttpError) return sendJson(res, e.status, { error: e.reason }, { ...e.headers, ...(e.status === 413 ? { Connection: 'close' } : {}) });
        log.error('mingdao route failed', { error: errorName(e) });
        sendJson(res, 500, { error: 'server error' });
      }
    })();
  };
}
