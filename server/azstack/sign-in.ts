// AZStack's two-step sign-in (protocol notes, AZStack, Authentication): on a "master"
// socket 29 {azStackUserId} → 29 {ip, port}; then, on a new socket, 179 {token, appId, …}
// → 162 {userId, username, fullname, ice_server}. The token decrypts (token.ts) under the
// app's key to {azStackUserID, userCredentials}: the username and the user's password,
// checked like every other sign-in (throttle, hashing gate, the same time for an unknown
// user). A failure answers 162 with a body that is not JSON (the SDK then rejects connect
// with ERR_SOCKET_PARSE_BODY) and closes the socket. Nothing else is sent before 162.

import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import { HashGateBusyError } from '../hash-gate';
import { decoyPasswordHash, verifyPassword } from '../passwords';
import { SignInThrottledError } from '../sign-in-throttle';
import type { UserStore } from '../users';
import type { AzstackApp } from './apps';
import { bodies } from './bodies';
import { reply, type Conn, type Connections } from './connections';
import type { AzstackStore } from './store';
import { BadToken, decryptToken } from './token';
import { S } from './wire';

export interface IceServer {
  url: string;
  username: string;
  password: string;
}

export interface SignInDeps {
  apps: ReadonlyMap<string, AzstackApp>;
  store: AzstackStore;
  users: UserStore;
  connections: Connections;
  guards: AbuseGuards;
  iceServers: readonly IceServer[];
  /** What 29 answers: echoed back by the SDK in 179, never used to connect. */
  address: { ip: string; port: number };
  log: Logger;
}

/** The body of a failed 162: deliberately not JSON (the SDK's only clean failure). */
export const SIGN_IN_FAILED = 'authentication failed';

export function signIn(deps: SignInDeps) {
  const { apps, store, users, connections, guards, log } = deps;

  const fail = (conn: Conn, reason: string): void => {
    log.info('azstack sign-in refused', { reason });
    reply(conn, S.AUTHENTICATED, SIGN_IN_FAILED);
    conn.close();
  };

  /** The master socket's only question. */
  const serverAddress = (conn: Conn, body: unknown): void => {
    if (!bodies.serverAddr.safeParse(body ?? {}).success) log.debug('azstack 29 with an unexpected body');
    reply(conn, S.SERVER_ADDR, deps.address);
  };

  const authenticate = async (conn: Conn, body: unknown): Promise<void> => {
    const request = bodies.authenticate.safeParse(body);
    if (!request.success) return fail(conn, 'malformed 179');
    const app = apps.get(request.data.appId);
    if (!app) return fail(conn, 'unknown appId');
    let content: unknown;
    try {
      content = JSON.parse(decryptToken(request.data.token, app.key).toString('utf8'));
    } catch (e) {
      return fail(conn, e instanceof BadToken ? e.message : 'token is not JSON');
    }
    const token = bodies.tokenContent.safeParse(content);
    if (!token.success) return fail(conn, 'token without azStackUserID');
    const username = (token.data.azStackUserID ?? token.data.azStackUserId) as string;
    const found = users.findForSignIn(username);
    let attempt;
    try {
      attempt = guards.throttle.begin(found?.username ?? username, conn.remoteAddress);
    } catch (e) {
      if (e instanceof SignInThrottledError) return fail(conn, `throttled (${e.scope})`);
      throw e;
    }
    let ok: boolean;
    try {
      // As long for an unknown user as for a wrong password.
      ok = await guards.gate.run(async () => verifyPassword(token.data.userCredentials ?? '', found?.passwordHash ?? (await decoyPasswordHash())), found?.uin ?? username.toLowerCase());
    } catch (e) {
      attempt.cancelled();
      if (e instanceof HashGateBusyError) return fail(conn, 'password checks busy');
      throw e;
    }
    if (!found || !ok) return fail(conn, 'wrong azStackUserID or userCredentials');
    attempt.succeeded();
    const user = store.user(store.azIdFor(found.uin));
    if (!user) return fail(conn, 'user vanished');
    if (connections.count(user.azId) >= guards.limits.connectionsPerUser) return fail(conn, 'too many connections');
    connections.signIn(conn, user.azId, user.uin);
    reply(conn, S.AUTHENTICATED, {
      userId: user.azId,
      username: user.username,
      fullname: user.fullname,
      ice_server: deps.iceServers,
    });
  };

  return { serverAddress, authenticate };
}
