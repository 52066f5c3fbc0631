// Plain protocol clients (socket.io-client, no Parley code) for the specs, each on a
// connection of its own.
//
// Why forceNew, always: socket.io-client keeps one Manager per origin (scheme, host and
// port; not path, not query) and reuses it for a namespace it has not opened yet, with the
// options of the client that created it. Each spec starts its servers on free ports, and
// one Playwright worker runs every spec, so a port that was a talker front (namespace "/")
// in one spec can be the Netalo front in a later one: `/data` then connected through the old
// Manager, without its session, and the server rightly answered login 2. CI failed once on
// exactly that (connection.spec.ts, Bob's sign-in after the server restart).
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** A socket.io client that never shares a Manager, and never reconnects by itself. */
export function plainSocket(url: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Socket {
  return io(url, { ...opts, forceNew: true, reconnection: false });
}

/** Signs in to the Netalo front over HTTP (`/api/v1/signin`): the session token and the user's UIN. */
export async function netaloSession(serverUrl: string, username: string, password: string): Promise<{ session: string; uin: string }> {
  const res = await fetch(`${serverUrl}/api/v1/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  // A refused sign-in (401, 429, 503) says so here, not later as the socket's "login 2".
  if (!res.ok) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  const { session, user } = (await res.json()) as { session: string; user: { uin: string } };
  return { session, uin: String(user.uin) };
}

/**
 * Signs in to the Netalo front over HTTP, then connects its `/data` namespace with the
 * session: the socket once the server has answered login 0, and the user's UIN.
 */
export async function netaloSignIn(serverUrl: string, username: string, password: string): Promise<{ socket: Socket; uin: string }> {
  const { session, uin } = await netaloSession(serverUrl, username, password);
  const socket = plainSocket(`${serverUrl}/data`, { transports: ['websocket'], query: { session } });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('login', (r: { result: number }) => (r.result === 0 ? resolve() : reject(new Error(`login ${r.result} for ${username}`))));
      socket.once('connect_error', reject);
    });
  } catch (e) {
    socket.close();
    throw e;
  }
  return { socket, uin };
}
