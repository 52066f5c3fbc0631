// Test support for the Haraj front: a real server (Netalo port plus --haraj-port 0) with the
// demo users and a clock the test moves, and a client that speaks the front's HTTP API and
// /chat/ws as the document writes them. Every wait is on an answer or a packet; nothing sleeps.

import WebSocket from 'ws';
import type { LimitsOverride } from '../limits';
import { startTestServer, type TestServer } from './support';

export interface HarajTestServer {
  server: TestServer;
  url: string;
  /** Moves the server's clock (token expiry) by `ms`. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export async function startHarajServer(limits?: LimitsOverride): Promise<HarajTestServer> {
  let offset = 0;
  const server = await startTestServer({ demo: true, harajPort: 0, clock: () => Date.now() + offset, ...(limits ? { limits } : {}) });
  return {
    server,
    url: server.frontUrls.haraj!,
    advance: (ms) => {
      offset += ms;
    },
    stop: () => server.stop(),
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown> & { status?: number; err?: string; data?: Record<string, unknown>; ts?: string };
  headers: Headers;
}

export async function api(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; contentType?: string; host?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(opts.raw !== undefined ? { body: opts.raw } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {}, headers: res.headers };
}

export interface Signed {
  userId: number;
  access: string;
  refresh: string;
}

export async function signIn(base: string, username: string, password = `${username}-parley`): Promise<Signed> {
  const answer = await api(base, 'POST', '/chat/sessions', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`sign-in of ${username} refused: ${answer.status}`);
  const data = answer.body.data as { user_id: number; access_token: string; refresh_token: string };
  return { userId: data.user_id, access: data.access_token, refresh: data.refresh_token };
}

/** A raw /chat/ws client that keeps every packet and can wait for the next one that fits. */
export interface RawSocket {
  ws: WebSocket;
  packets: Array<Record<string, unknown>>;
  send(frame: unknown): void;
  /** The first packet (from index `from` on) that passes `test`. */
  next(test: (p: Record<string, unknown>) => boolean, from?: number): Promise<Record<string, unknown>>;
  /** Sends a command and resolves with the answer carrying its id. */
  command(name: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number }>;
}

let commandCounter = 0;

export async function openSocket(base: string): Promise<RawSocket> {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/chat/ws');
  const packets: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    packets.push(JSON.parse(String(raw)) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (test: (p: Record<string, unknown>) => boolean, from = 0) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const found = packets.slice(from).find(test);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  const socket: RawSocket = {
    ws,
    packets,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next,
    command: (name, body) => {
      const id = `${name} ${++commandCounter}`;
      socket.send({ [name]: { id, ...body } });
      return next((p) => p.id === id);
    },
    closed,
  };
  return socket;
}

/** A socket authenticated as `signed`. */
export async function authedSocket(base: string, signed: Signed): Promise<RawSocket> {
  const socket = await openSocket(base);
  const answer = await socket.command('auth', { access_token: signed.access });
  if (answer.status !== 200) throw new Error('auth refused');
  return socket;
}
