// fakeNetaloServer: a deliberately tiny raw socket.io server for the one seam the real
// reference server cannot exercise: a server that misbehaves (malformed pushes, a bare JSON
// number above 2^53 written straight into the packet, bad or missing acks).
// It is NOT a Netalo implementation; everything else is tested against server/.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

export interface FakeNetaloServer {
  url: string;
  /** The next /data socket to connect (it has already been sent `login {result: 0}`). */
  nextSocket(): Promise<Socket>;
  /** Writes one socket.io EVENT packet to `socket` exactly as given: `json` is the raw array text. */
  pushRaw(socket: Socket, json: string): void;
  /**
   * Answers every request named `event` with whatever `answer` returns (never, if it returns
   * undefined; when it settles, if it returns a promise).
   */
  onRequest(event: string, answer: (payload: unknown) => unknown): void;
  /**
   * Answers every request named `event` with `json` written raw into the ACK packet
   * (so that a bare integer above 2^53 reaches the client as written).
   */
  answerRaw(event: string, json: string): void;
  /** Every request received, in order. */
  requests: Array<{ event: string; payload: unknown }>;
  /** GET /api/v1/users answers (status, body); default 200 with no users. */
  usersAnswer: { status: number; body: unknown };
  usersRequests: number;
  close(): Promise<void>;
}

export async function fakeNetaloServer(login: { result: number; uin?: string }): Promise<FakeNetaloServer> {
  const fake: FakeNetaloServer = {
    url: '',
    nextSocket: () => {
      const ready = arrived.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    pushRaw: (socket, json) => {
      // socket.io packet type 2 (EVENT) in namespace /data; engine.io frames it as a message.
      socket.conn.write(`2/data,${json}`);
    },
    onRequest: (event, answer) => handlers.set(event, answer),
    answerRaw: (event, json) => rawAnswers.set(event, json),
    requests: [],
    usersAnswer: { status: 200, body: { users: [] } },
    usersRequests: 0,
    close: () => (closing ??= io.close().catch(() => undefined)),
  };
  const waiting: Array<(s: Socket) => void> = [];
  const arrived: Socket[] = [];
  const handlers = new Map<string, (payload: unknown) => unknown>();
  const rawAnswers = new Map<string, string>();
  let closing: Promise<void> | undefined;

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/api/v1/users')) {
      fake.usersRequests++;
      res.writeHead(fake.usersAnswer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(fake.usersAnswer.body));
      return;
    }
    res.writeHead(404).end();
  });
  const io = new Server(http, { transports: ['websocket'] });
  io.of('/data').on('connection', (socket) => {
    // Raw acks: read the ack id straight off the incoming packet text, e.g. 2/data,7["list_group",{...}]
    socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message' || typeof packet.data !== 'string') return;
      const m = /^2\/data,(\d+)\["([^"]+)"/.exec(packet.data);
      const raw = m ? rawAnswers.get(m[2] as string) : undefined;
      if (m && raw !== undefined) socket.conn.write(`3/data,${m[1]}[${raw}]`);
    });
    socket.onAny((event: string, payload: unknown, ack?: (answer: unknown) => void) => {
      fake.requests.push({ event, payload });
      if (rawAnswers.has(event)) return;
      const answer = handlers.get(event)?.(payload);
      // A promise answers when it settles: the test decides when an ack arrives.
      if (answer instanceof Promise) void answer.then((a: unknown) => typeof ack === 'function' && a !== undefined && ack(a));
      else if (answer !== undefined && typeof ack === 'function') ack(answer);
    });
    socket.emit('login', login);
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else arrived.push(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}
