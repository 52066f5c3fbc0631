// FAKE talker server, for the adapter's failure cases only: the reference server's talker
// front (server/talker/) behaves correctly, so it cannot be told to lose an echo, to answer a
// send with a bare `error` 400, or to send malformed frames on demand. Everything else is
// tested against the real front (adapter-server.test.ts).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

export interface FakeTalker {
  url: string;
  /** What to do with the next `messeage`: echo it (default), answer `error` 400, or say nothing. */
  onMessage: 'echo' | 'error' | 'silent';
  received: Array<{ event: string; data: unknown }>;
  sockets: Socket[];
  /** Resolves once `count` events named `event` have arrived. */
  receivedAtLeast(event: string, count: number): Promise<void>;
  /** Rows served by GET /messeages, newest first. */
  history: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeTalker(): Promise<FakeTalker> {
  let nextId = 100;
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/messeages') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fake.history));
    } else res.writeHead(404).end();
  });
  const io = new Server(http);
  const waiters: Array<() => void> = [];
  const fake: FakeTalker = {
    receivedAtLeast: (event, count) =>
      new Promise<void>((resolve) => {
        const check = () => (fake.received.filter((r) => r.event === event).length >= count ? resolve() : waiters.push(check));
        check();
      }),
    url: '',
    onMessage: 'echo',
    received: [],
    sockets: [],
    history: [],
    close: async () => {
      await io.close();
    },
  };
  io.on('connection', (socket) => {
    fake.sockets.push(socket);
    const auth = socket.handshake.auth as { login?: string; hash?: string };
    socket.emit('login', auth.hash === 'right' ? { id: 1, handshake: socket.handshake.url } : false);
    socket.onAny((event: string, data: Record<string, unknown>) => {
      fake.received.push({ event, data });
      for (const w of waiters.splice(0)) w();
      if (event !== 'messeage') return;
      if (fake.onMessage === 'error') return void socket.emit('error', 400);
      if (fake.onMessage === 'silent') return;
      const row = { id: nextId++, from_user: 1, to_user: data.to_id, content: data.content, content_type: 'text', readen: null, notified: 0, init_date: '2026-11-22 14:05:09' };
      socket.emit('messeage', row);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}
