// The HTTP half of the reference server: accounts, sessions and user lookups under /api/v1
// (server/PROTOCOL.md). Every answer is JSON; every failure is `{error, reason}` with a
// status that says what kind of failure it was. No route can crash the process: anything
// unexpected is logged (without bodies) and answered 500.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../main/core/logger';
import { signInSchema, signUpSchema } from './account-rules';
import { InvalidCredentialsError, type Accounts, type SignedIn } from './accounts';
import { HashGateBusyError } from './hash-gate';
import { HttpError, readJsonBody, remoteAddress, requireJsonBodyType, sendError, sendJson } from './http-io';
import { hashingBusy, signInThrottled, signUpsThrottled } from './http-refusals';
import type { RateLimiter } from './rate-limit';
import { SignInThrottledError, type SignInThrottle } from './sign-in-throttle';
import { normaliseId } from './id-format';
import type { ActiveSession, SessionStore } from './sessions';
import { LOOKUP_LIMIT, UsernameTakenError, userToWire, type UserStore } from './users';
import type { z } from 'zod';
import { FILES_PATH, FILE_PATH, downloadFile, uploadFile, type FileRouteDeps } from './files/file-routes';

export interface HttpApiDeps {
  accounts: Accounts;
  sessions: SessionStore;
  users: UserStore;
  log: Logger;
  /** Failed sign-ins per account and per address (429 with back-off). */
  throttle: SignInThrottle;
  /** Sign-ups per remote address (429). */
  signUps: RateLimiter;
  /** Called after a sign-out, so live sockets of that session can be told and closed. */
  onSignedOut(session: ActiveSession): void;
  /** Uploads and downloads (POST /api/v1/files, GET /api/v1/files/<id>); absent: 404. */
  files?: Omit<FileRouteDeps, 'log'>;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

const SEARCH_MAX = 128;

export function createHttpApi(deps: HttpApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { accounts, sessions, users, log } = deps;

  /** The session in the `Session` header; answers 401 session-expired when there is none. */
  function requireSession(req: IncomingMessage): ActiveSession {
    const session = sessions.resolve(sessionHeader(req));
    if (!session) throw new HttpError(401, 'session-expired', 'the session is missing, unknown or expired: sign in again');
    return session;
  }

  const signedInAnswer = (s: SignedIn) => ({ session: s.session, expires_at: s.expiresAt, user: userToWire(s.user) });

  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/api/v1/health': {
      GET: (_req, res) => sendJson(res, 200, { ok: true }),
    },
    '/api/v1/signup': {
      POST: async (req, res) => {
        const body = validate(signUpSchema, await readJsonBody(req));
        const wait = deps.signUps.take(remoteAddress(req));
        if (wait > 0) throw signUpsThrottled(wait);
        try {
          const signedIn = await accounts.signUp({ username: body.username, password: body.password, displayName: body.display_name });
          log.info('signed up', { uin: signedIn.user.uin });
          sendJson(res, 201, signedInAnswer(signedIn));
        } catch (e) {
          if (e instanceof UsernameTakenError) throw new HttpError(409, 'username-taken', `the username "${body.username}" is taken`);
          if (e instanceof HashGateBusyError) {
            deps.signUps.refund(remoteAddress(req)); // nothing was created
            throw hashingBusy();
          }
          throw e;
        }
      },
    },
    '/api/v1/signin': {
      POST: async (req, res) => {
        const body = validate(signInSchema, await readJsonBody(req));
        let attempt;
        try {
          attempt = deps.throttle.begin(body.username, remoteAddress(req));
        } catch (e) {
          if (e instanceof SignInThrottledError) {
            log.info('sign-in throttled', { scope: e.scope });
            throw signInThrottled(e);
          }
          throw e;
        }
        try {
          const signedIn = await accounts.signIn(body);
          attempt.succeeded();
          log.info('signed in', { uin: signedIn.user.uin });
          sendJson(res, 200, signedInAnswer(signedIn));
        } catch (e) {
          // A wrong password stays counted; anything else never judged the password.
          if (e instanceof InvalidCredentialsError) throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
          attempt.cancelled();
          if (e instanceof HashGateBusyError) throw hashingBusy();
          throw e;
        }
      },
    },
    '/api/v1/signout': {
      POST: (req, res) => {
        const session = requireSession(req);
        accounts.signOut(sessionHeader(req));
        deps.onSignedOut(session);
        log.info('signed out', { uin: session.uin });
        sendJson(res, 200, { ok: true });
      },
    },
    [FILES_PATH]: {
      POST: async (req, res, url) => {
        if (!deps.files) throw new HttpError(404, 'not-found', 'this server takes no files');
        await uploadFile(req, res, url, requireSession(req).uin, { ...deps.files, log });
      },
    },
    '/api/v1/users': {
      GET: (req, res, url) => {
        const session = requireSession(req);
        const q = url.searchParams.get('q');
        const uins = url.searchParams.get('uins');
        if (q !== null) {
          const text = q.trim();
          if (text.length === 0 || text.length > SEARCH_MAX) {
            throw new HttpError(400, 'invalid-request', `q must be 1-${SEARCH_MAX} characters`);
          }
          sendJson(res, 200, { users: users.search(text, session.uin).map(userToWire) });
          return;
        }
        if (uins !== null) {
          const list = uins.split(',').filter((s) => s.trim() !== '');
          if (list.length > LOOKUP_LIMIT) throw new HttpError(400, 'invalid-request', `at most ${LOOKUP_LIMIT} uins at a time`);
          const ids = list.map((s) => {
            const id = normaliseId(s.trim());
            if (id === null) throw new HttpError(400, 'invalid-request', 'uins must be decimal IDs separated by commas');
            return id;
          });
          sendJson(res, 200, { users: users.lookup(ids).map(userToWire) });
          return;
        }
        throw new HttpError(400, 'invalid-request', 'give q=TEXT to search or uins=ID,ID to look up');
      },
    },
  };

  return (req, res) => {
    // A request target Node accepts can still be no URL at all ("GET http://[ HTTP/1.1"):
    // answer it, never let the throw reach the event loop.
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    if (!url) return sendError(res, new HttpError(400, 'invalid-request', 'the request target is not a valid URL'));
    // The one route with a parameter: a file's ID in the path.
    const fileId = FILE_PATH.exec(url.pathname)?.[1];
    const methods: Partial<Record<string, Route>> | undefined =
      fileId !== undefined && deps.files
        ? { GET: (r, res) => downloadFile(r, res, fileId, requireSession(r).uin, { ...deps.files!, log }) }
        : Object.prototype.hasOwnProperty.call(routes, url.pathname)
          ? routes[url.pathname]
          : undefined;
    const route = methods?.[req.method ?? ''];
    const run = async () => {
      if (!methods) throw new HttpError(404, 'not-found', `no such endpoint: ${url.pathname}`);
      if (!route) throw new HttpError(405, 'method-not-allowed', `use ${Object.keys(methods).join(' or ')} for ${url.pathname}`);
      // An upload's body is the file itself, in its own type (file-routes.ts checks it).
      if (req.method === 'POST' && url.pathname !== FILES_PATH) requireJsonBodyType(req);
      await route(req, res, url);
    };
    run().catch((e: unknown) => {
      if (e instanceof HttpError) {
        // After a refused oversized body the connection is in an unknown state: close it.
        const headers: Record<string, string> = {};
        // Likewise after a refused body type: it was never read.
        if (e.status === 413 || e.status === 415) headers.Connection = 'close';
        if (e.status === 405 && methods) headers.Allow = Object.keys(methods).join(', ');
        sendError(res, e, headers);
        return;
      }
      log.error('http request failed', { method: req.method, path: url.pathname, error: describeError(e) });
      sendError(res, new HttpError(500, 'internal', 'the server failed to handle the request'));
    });
  };
}

function sessionHeader(req: IncomingMessage): string | undefined {
  const header = req.headers['session'];
  return Array.isArray(header) ? header[0] : header;
}

function validate<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid-request', 'the body must be a JSON object');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    // Our schemas' messages name the field and the rule; they never quote the value (a password).
    const message = issue?.message ?? 'invalid';
    throw new HttpError(400, 'invalid-request', message.includes(field) ? message : `${field}: ${message}`);
  }
  return parsed.data;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
