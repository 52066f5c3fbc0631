// The talker front's HTTP routes (GET, as the real server: parameters in the query string
// or, as the real server reads them, in a JSON body). Signed-in routes check `user_id`
// against the live connection at `clientAddress` (what `login` answered as `handshake`).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../main/core/logger';
import { USERNAME_PATTERN, PASSWORD_MIN, PASSWORD_MAX, COMMON_PASSWORD_REASON } from '../account-rules';
import type { AbuseGuards } from '../abuse-guards';
import { isCommonPassword } from '../common-passwords';
import { HashGateBusyError } from '../hash-gate';
import { hasBody, HttpError, readJsonBody, remoteAddress, sendError, sendJson } from '../http-io';
import { hashingBusy, signUpsThrottled } from '../http-refusals';
import type { IdGenerator } from '../ids';
import { hashPassword } from '../passwords';
import { UsernameTakenError, type UserStore } from '../users';
import type { Connections } from './connections';
import type { BadRequest} from './requests';
import { talkerId } from './requests';
import type { TalkerStore } from './store';

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,185}\.[^\s@]{1,63}$/;

export interface TalkerHttpDeps {
  store: TalkerStore;
  users: UserStore;
  ids: IdGenerator;
  connections: Connections;
  /** /register shares the sign-up allowance per address and the hashing gate with the HTTP API. */
  guards: AbuseGuards;
  log: Logger;
}

type Params = Record<string, unknown>;
type Route = (params: Params, req: IncomingMessage) => Promise<unknown> | unknown;

export function talkerHttp(deps: TalkerHttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { store, users, ids, connections, guards, log } = deps;

  const param = (p: Params, name: string): string => {
    const v = p[name];
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string' || v === '') throw new HttpError(400, 'invalid-request', `${name} is required`);
    return v;
  };
  const id = (p: Params, name: string): number => {
    try {
      return talkerId(p[name], name);
    } catch (e) {
      throw new HttpError(400, 'invalid-request', (e as BadRequest).message);
    }
  };
  /** The signed-in user these parameters speak for. */
  const me = (p: Params): number => {
    const userId = id(p, 'user_id');
    if (!connections.authenticated(param(p, 'clientAddress'), userId)) {
      throw new HttpError(401, 'auth', 'user_id is not signed in at clientAddress');
    }
    return userId;
  };
  const limit = (p: Params): number => {
    if (p.limit === undefined) return PAGE_DEFAULT;
    const n = Number(p.limit);
    if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'invalid-request', 'limit must be a positive integer');
    return Math.min(n, PAGE_MAX);
  };

  const routes: Record<string, Route> = {
    '/messeages': (p) => {
      const user = me(p);
      const before = p.from_messeage === undefined ? Number.MAX_SAFE_INTEGER : id(p, 'from_messeage');
      return store.history(user, id(p, 'with_id'), before, limit(p));
    },
    '/contacts': (p) => store.contacts(me(p)),
    '/search/users': (p) => {
      const text = param(p, 'user_name').slice(0, 64);
      return users.search(text, '0').map((u) => ({ id: store.idFor(u.uin), username: u.username }));
    },
    '/search/messeages': (p) => store.searchMessages(me(p), id(p, 'talker_id'), param(p, 'messeage').slice(0, 256)),
    '/blocked/users': (p) =>
      store.blockedBy(me(p)).map((blocked) => ({ id: blocked, username: store.userOf(blocked)?.username ?? `#${blocked}` })),
    '/isUsed/email': (p) => store.emailUsed(param(p, 'email')),
    '/isUsed/username': (p) => users.findForSignIn(param(p, 'username')) !== undefined,
    // Sign-up is two steps: /register, then /register/confirm with the id and uuid that the
    // real server emails. This server has no mail: it logs them (server/PROTOCOL.md).
    '/register': async (p, req) => {
      const email = param(p, 'email').trim();
      const username = param(p, 'username').trim();
      const hash = param(p, 'hash');
      if (!EMAIL_PATTERN.test(email)) throw new HttpError(400, 'invalid-request', 'email is not an email address');
      if (!USERNAME_PATTERN.test(username)) throw new HttpError(400, 'invalid-request', 'username must be 2-32 of a-z A-Z 0-9 _ . -');
      if (hash.length < PASSWORD_MIN || hash.length > PASSWORD_MAX) throw new HttpError(400, 'invalid-request', 'hash has the wrong length');
      // talker's hash is the password as the client chose it (the real server stores it as is).
      if (isCommonPassword(hash)) throw new HttpError(400, 'invalid-request', COMMON_PASSWORD_REASON.replace(/^password/, 'hash'));
      const address = remoteAddress(req);
      const wait = guards.signUps.take(address);
      if (wait > 0) throw signUpsThrottled(wait);
      if (store.emailUsed(email)) throw new HttpError(409, 'email-taken', 'that email is used');
      if (users.findForSignIn(username)) throw new HttpError(409, 'username-taken', 'that username is used');
      let passwordHash: string;
      try {
        passwordHash = await guards.gate.run(() => hashPassword(hash));
      } catch (e) {
        if (!(e instanceof HashGateBusyError)) throw e;
        guards.signUps.refund(address); // nothing was registered
        throw hashingBusy();
      }
      const uuid = randomUUID();
      const registration = store.addRegistration({ uuid, email, username, passwordHash });
      log.info('talker registration waiting for confirmation (no mail here)', { id: registration, uuid });
      return true;
    },
    '/register/confirm': (p) => {
      const registrationId = id(p, 'id');
      const r = store.registration(registrationId);
      if (!r || r.uuid !== param(p, 'uuid')) throw new HttpError(404, 'not-found', 'no such registration');
      if (store.emailUsed(r.email)) throw new HttpError(409, 'email-taken', 'that email is used');
      try {
        const user = users.create({ uin: ids.next(), username: r.username, displayName: r.username, passwordHash: r.passwordHash });
        store.confirmRegistration(registrationId, user.uin, r.email);
        return { id: store.idFor(user.uin) };
      } catch (e) {
        if (e instanceof UsernameTakenError) throw new HttpError(409, 'username-taken', 'that username is used');
        throw e;
      }
    },
  };

  return (req, res) => {
    void (async () => {
      try {
        const url = URL.parse(req.url ?? '/', 'http://talker.invalid');
        if (!url) throw new HttpError(400, 'invalid-request', 'the request target is not a valid URL');
        const route = Object.prototype.hasOwnProperty.call(routes, url.pathname) ? routes[url.pathname] : undefined;
        if (!route) throw new HttpError(404, 'not-found', 'no such route');
        if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'GET or POST');
        let params: Params = Object.fromEntries(url.searchParams);
        // Any body type is read as JSON, as talker clients send it (server/PROTOCOL.md): no 415 here.
        if (hasBody(req)) {
          const body = await readJsonBody(req);
          // Spread, not Object.assign: a "__proto__" key must stay a plain key, never a prototype.
          if (typeof body === 'object' && body !== null && !Array.isArray(body)) params = { ...params, ...body };
        }
        sendJson(res, 200, await route(params, req));
      } catch (e) {
        if (e instanceof HttpError) return sendError(res, e);
        log.error('talker route failed', { error: e instanceof Error ? e.message : String(e) });
        sendError(res, new HttpError(500, 'internal', 'something went wrong'));
      }
    })();
  };
}
