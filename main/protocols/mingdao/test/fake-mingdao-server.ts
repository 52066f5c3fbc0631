// FAKE Mingdao server, for the adapter's failure cases only: the reference server's Mingdao
// front (server/mingdao/) behaves correctly, so it cannot be told to lose an ack, answer with
// garbage, refuse a session mid-way or push malformed and hostile packets on demand.
// Everything else is tested against the real front (adapter-server.test.ts).
//
// socket.io at path /mds2 as the real one; the session is `pss_id` (or `token`) in the query,
// 'good-session' is the only one it takes. Acks follow the shared spec: node-style `(err,
// data)`, except the two send events which answer with one argument.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

export const GOOD_SESSION = 'good-session';
export const ME = '1001';
export const BOB = '1002';

type Ack = (...args: unknown[]) => void;
/** What the fake does with a request: answer with these ack arguments, or say nothing. */
export type Behaviour = { ack: unknown[] } | 'silent';

export interface FakeMingdao {
  url: string;
  port: number;
  /** Per event: what to answer (default: `defaultAnswer`). */
  behaviours: Map<string, Behaviour>;
  received: Array<{ event: string; data: unknown; query: Record<string, unknown> }>;
  sockets: Socket[];
  /** Sessions the handshake accepts. */
  sessions: Set<string>;
  receivedAtLeast(event: string, count: number): Promise<void>;
  connections(count: number): Promise<void>;
  close(): Promise<void>;
}

let nextId = 5000;

function defaultAnswer(event: string): unknown[] {
  switch (event) {
    case 'send message':
    case 'send group message':
      return [{ id: String(nextId++) }];
    case 'sessions':
      return [false, { list: [] }];
    case 'session info':
      return [false, null];
    default:
      return [false, 1];
  }
}

export async function startFakeMingdao(port = 0): Promise<FakeMingdao> {
  const http = createServer();
  const login = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/mds2/api/login' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body || '{}') as { account?: string; password?: string };
        if (parsed.account === 'alice' && parsed.password === 'right') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pss_id: GOOD_SESSION, accountId: ME, name: 'Alice', avatar: '' }));
        } else res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid account or password' }));
      });
      return;
    }
    res.writeHead(404).end();
  };
  const io = new Server(http, { path: '/mds2', allowEIO3: true });
  // socket.io takes every request under its path (/mds2/…): the sign-in goes first.
  const engine = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/mds2/api/')) return login(req, res);
    for (const listener of engine) listener(req, res);
  });
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const waitFor = (ok: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (ok() ? resolve() : waiters.push(check));
      check();
    });
  const fake: FakeMingdao = {
    url: '',
    port: 0,
    behaviours: new Map(),
    received: [],
    sockets: [],
    sessions: new Set([GOOD_SESSION]),
    receivedAtLeast: (event, count) => waitFor(() => fake.received.filter((r) => r.event === event).length >= count),
    connections: (count) => waitFor(() => fake.sockets.length >= count),
    close: async () => {
      io.disconnectSockets(true);
      await io.close();
    },
  };
  io.use((socket, next) => {
    const q = socket.handshake.query;
    const session = typeof q.pss_id === 'string' ? q.pss_id : typeof q.token === 'string' ? q.token : '';
    if (!fake.sessions.has(session)) return next(new Error('unauthorized'));
    next();
  });
  io.on('connection', (socket) => {
    fake.sockets.push(socket);
    wake();
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      const data = args[0] as Record<string, unknown>;
      fake.received.push({ event, data, query: { ...socket.handshake.query } });
      wake();
      const behaviour = fake.behaviours.get(event) ?? { ack: defaultAnswer(event) };
      if (behaviour === 'silent' || !ack) return;
      ack(...behaviour.ack);
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  fake.port = (http.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}
