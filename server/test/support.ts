// Test support: a real server on a random port in a temp directory, and small helpers to
// talk to it the way the client adapter does (fetch + socket.io-client with the lossless
// parser). Everything awaits an event or an answer; nothing sleeps.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createMemoryLogger } from '../../main/core/logger';
import { losslessParser } from '../../main/protocols/netalo/wire/socketio-parser';
import { startServer, type RunningServer, type StartServerOptions } from '../start-server';

export interface TestServer extends RunningServer {
  dataDir: string;
  logLines: string[];
  /** Closes the server, every socket opened through `connect`, and deletes the data directory. */
  stop(): Promise<void>;
  connect(session: string | undefined, opts?: { via?: 'query' | 'header' }): Socket;
}

export async function startTestServer(opts: Partial<StartServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-server-'));
  const log = createMemoryLogger();
  const server = await startServer({ port: 0, host: '127.0.0.1', ...opts, dataDir, log });
  const sockets: Socket[] = [];
  return {
    ...server,
    dataDir,
    logLines: log.lines,
    connect(session, connectOpts = {}) {
      const socket = openSocket(server.url, session, connectOpts.via ?? 'query');
      sockets.push(socket);
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function openSocket(url: string, session: string | undefined, via: 'query' | 'header' = 'query'): Socket {
  return io(url + '/data', {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    parser: losslessParser,
    ...(session !== undefined && via === 'query' ? { query: { session } } : {}),
    ...(session !== undefined && via === 'header' ? { extraHeaders: { Session: session } } : {}),
  });
}

let counter = 0;
/** A fresh valid username for each call. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${process.pid}`;
}

export interface TestUser {
  uin: string;
  username: string;
  displayName: string;
  session: string;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function signUp(baseUrl: string, opts: { username?: string; password?: string; displayName?: string } = {}): Promise<TestUser> {
  const username = opts.username ?? uniqueName();
  const answer = await postJson(`${baseUrl}/api/v1/signup`, {
    username,
    password: opts.password ?? 'correct horse',
    ...(opts.displayName !== undefined ? { display_name: opts.displayName } : {}),
  });
  if (answer.status !== 201) throw new Error(`signup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  const user = answer.body.user as { uin: string; username: string; display_name: string };
  return { uin: user.uin, username: user.username, displayName: user.display_name, session: answer.body.session as string };
}

/** The next `event` on the socket (that satisfies `match`). */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, match: (data: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (data: T) => {
      if (!match(data)) return;
      socket.off(event, listener);
      resolve(data);
    };
    socket.on(event, listener);
  });
}

/** Connects and waits for the server's `login` event. */
export async function connectAndLogin(server: TestServer, session: string | undefined, via?: 'query' | 'header'): Promise<{ socket: Socket; login: Record<string, unknown> }> {
  const socket = server.connect(session, via ? { via } : {});
  const login = await nextEvent(socket, 'login');
  return { socket, login };
}

/** A signed-in socket for the user; fails the test unless login says 0. */
export async function online(server: TestServer, user: TestUser): Promise<Socket> {
  const { socket, login } = await connectAndLogin(server, user.session);
  if (login.result !== 0) throw new Error(`login failed: ${JSON.stringify(login)}`);
  return socket;
}

/** socket.emit with an ack, as a promise of the ack's answer. */
export async function request(socket: Socket, event: string, payload?: unknown): Promise<Record<string, unknown>> {
  const answer: unknown = await (payload === undefined
    ? socket.timeout(5000).emitWithAck(event)
    : socket.timeout(5000).emitWithAck(event, payload));
  return answer as Record<string, unknown>;
}

/** Resolves when the socket has been disconnected, with socket.io-client's reason. */
export function disconnected(socket: Socket): Promise<string> {
  if (socket.disconnected && !socket.active) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

export async function directGroup(socket: Socket, otherUin: string): Promise<Record<string, unknown>> {
  const answer = await request(socket, 'create_group', { type: 1, occupants_uins: [otherUin] });
  if (answer.result !== 0) throw new Error(`create_group failed: ${JSON.stringify(answer)}`);
  return answer.group as Record<string, unknown>;
}

export async function send(socket: Socket, groupId: string, text: string, nonce = `n-${uniqueName()}`): Promise<Record<string, unknown>> {
  const answer = await request(socket, 'create_message', { group_id: groupId, message: text, nonce });
  if (answer.result !== 0) throw new Error(`create_message failed: ${JSON.stringify(answer)}`);
  return answer.message as Record<string, unknown>;
}

/** Two new users, both online, and the 1:1 conversation between them. */
export async function twoUsersInConversation(
  server: TestServer,
  opts: { aDisplayName?: string } = {},
): Promise<{ a: TestUser; b: TestUser; aSocket: Socket; bSocket: Socket; groupId: string }> {
  const a = await signUp(server.url, opts.aDisplayName !== undefined ? { displayName: opts.aDisplayName } : {});
  const b = await signUp(server.url);
  const aSocket = await online(server, a);
  const bSocket = await online(server, b);
  const group = await directGroup(aSocket, b.uin);
  return { a, b, aSocket, bSocket, groupId: group.group_id as string };
}
