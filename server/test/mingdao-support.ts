// Test support for the Mingdao front: a real server (startServer with mingdaoPort: 0) on a
// clock the test moves, sign-in over HTTP, sockets with the real socket.io-client at path
// `/mds2`, and acks as promises of all their arguments. Everything awaits; nothing sleeps.

import { io, type Socket } from 'socket.io-client';
import { postJson, startTestServer, type TestServer } from './support';
import type { StartServerOptions } from '../start-server';

export interface MingdaoServer extends TestServer {
  mingdaoUrl: string;
  /** Moves the server's clock forward (the shake window, session expiry). */
  advance(ms: number): void;
  /** Signs in over HTTP; throws unless 200. */
  login(account: string, password?: string): Promise<SignedIn>;
  /** A socket (not waited for); closed at stop(). */
  socket(pssId: string | undefined, opts?: { via?: 'pss_id' | 'token'; transports?: string[] }): Socket;
  /** A connected socket that records every event from the start (pushes at connection included). */
  online(user: SignedIn): Promise<Online>;
}

export interface SignedIn {
  pss_id: string;
  accountId: string;
  name: string;
  avatar: string;
}

export interface Online {
  socket: Socket;
  /** Every event received so far, by name (the early ones included). */
  seen: Map<string, unknown[]>;
}

export async function startMingdaoServer(opts: Partial<StartServerOptions> = {}): Promise<MingdaoServer> {
  let offset = 0;
  const server = await startTestServer({ demo: true, mingdaoPort: 0, clock: () => Date.now() + offset, ...opts });
  const mingdaoUrl = server.frontUrls.mingdao!;
  const sockets: Socket[] = [];
  const self: MingdaoServer = {
    ...server,
    mingdaoUrl,
    advance(ms) {
      offset += ms;
    },
    async login(account, password = `${account}-parley`) {
      const answer = await postJson(`${mingdaoUrl}/mds2/api/login`, { account, password });
      if (answer.status !== 200) throw new Error(`login ${account}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as unknown as SignedIn;
    },
    socket(pssId, socketOpts = {}) {
      const query: Record<string, string> = { app: 'parley' };
      if (pssId !== undefined) query[socketOpts.via ?? 'pss_id'] = pssId;
      const socket = io(mingdaoUrl, {
        path: '/mds2',
        query,
        forceNew: true,
        reconnection: false,
        transports: socketOpts.transports ?? ['websocket'],
      });
      sockets.push(socket);
      return socket;
    },
    async online(user) {
      const socket = self.socket(user.pss_id);
      const seen = new Map<string, unknown[]>();
      socket.onAny((event: string, data: unknown) => {
        const list = seen.get(event) ?? [];
        list.push(data);
        seen.set(event, list);
      });
      await connected(socket);
      return { socket, seen };
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await server.stop();
    },
  };
  return self;
}

/** Resolves once connected; rejects with the connect_error's message. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e: Error) => reject(e));
  });
}

/** Emits with an ack; resolves with every argument of the ack. */
export function call(socket: Socket, event: string, ...data: unknown[]): Promise<unknown[]> {
  return new Promise((resolve) => socket.emit(event, ...data, (...answer: unknown[]) => resolve(answer)));
}

/** The next `event` on the socket that satisfies `match` (register before the action). */
export function next<T = Record<string, unknown>>(socket: Socket, event: string, match: (data: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (data: T) => {
      if (!match(data)) return;
      socket.off(event, listener);
      resolve(data);
    };
    socket.on(event, listener);
  });
}

/** Resolves when the socket disconnects. */
export function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (!socket.connected && !socket.active) return resolve('already');
    socket.once('disconnect', (reason: string) => resolve(reason));
  });
}
