// FAKE Haraj server, for the adapter's failure cases only: the reference server's Haraj front
// (server/haraj/) behaves correctly, so it cannot be told to send malformed or hostile
// frames, to refuse a token on demand, to stop answering pings, or to push our own message
// before answering its send. Everything else is tested against the real front
// (adapter-server.test.ts).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeHaraj {
  url: string;
  /** Access tokens `auth` accepts (others get 401). */
  validAccess: Set<string>;
  /** What POST /chat/sessions/refresh does: hand out `access-N` / `refresh-N`, or refuse (401). */
  refresh: 'renew' | 'refuse';
  refreshes: number;
  /** Answer pings (the default); false: a dead socket that looks open. */
  autoPong: boolean;
  sockets: WebSocket[];
  /** Frames received from the adapter, parsed. */
  received: Array<Record<string, unknown>>;
  /** Resolves with the `n`-th socket (1-based) once it is authenticated. */
  authenticated(n: number): Promise<WebSocket>;
  /** What POST /chat/topics/:id/messages does before answering: e.g. push the packet on the socket first. */
  onSend: (packet: Record<string, unknown>) => void;
  /** Packets GET /chat/topics/:id/messages serves. */
  history: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export const FAKE_USER_ID = 1;

export async function startFakeHaraj(): Promise<FakeHaraj> {
  let seq = 1000;
  const authWaiters: Array<() => void> = [];
  const authedSockets: WebSocket[] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const readBody = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += String(c)));
      req.on('end', () => resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
    });
  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = await readBody(req);
      const ts = new Date().toISOString();
      if (url.pathname === '/chat/sessions/refresh') {
        if (fake.refresh === 'refuse') return send(res, 401, { status: 401, err: 'ERR_INVALID_REFRESH_TOKEN', ts });
        fake.refreshes++;
        const access = `access-${fake.refreshes}`;
        fake.validAccess.add(access);
        return send(res, 200, { status: 200, data: { access_token: access, refresh_token: `refresh-${fake.refreshes}`, expires_in: 3600, user_id: FAKE_USER_ID }, ts });
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !fake.validAccess.has(token)) return send(res, 401, { status: 401, err: 'ERR_INVALID_ACCESS_TOKEN', ts });
      const topic = /^\/chat\/topics\/([^/]+)\/messages$/.exec(url.pathname)?.[1];
      if (topic && req.method === 'POST') {
        const packet = { topic_id: topic, seq_id: seq++, from_id: FAKE_USER_ID, name: 'me', content: body.content, status: { '2': false }, ts };
        fake.onSend(packet);
        return send(res, 200, { status: 200, data: packet, ts });
      }
      if (topic && req.method === 'GET') return send(res, 200, { status: 200, data: { topic_id: topic, messages: fake.history }, ts });
      if (url.pathname === '/chat/topics') return send(res, 200, { status: 200, data: { topics: [] }, ts });
      send(res, 404, { status: 404, err: 'ERR_NOT_FOUND', ts });
    })();
  });
  const wss = new WebSocketServer({ server: http, path: '/chat/ws', autoPong: false });
  const fake: FakeHaraj = {
    url: '',
    validAccess: new Set(['access-0']),
    refresh: 'renew',
    refreshes: 0,
    autoPong: true,
    sockets: [],
    received: [],
    onSend: () => undefined,
    history: [],
    authenticated: (n) =>
      new Promise((resolve) => {
        const check = () => (authedSockets.length >= n ? resolve(authedSockets[n - 1]!) : authWaiters.push(check));
        check();
      }),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    fake.sockets.push(ws);
    ws.on('ping', (data) => {
      if (fake.autoPong) ws.pong(data);
    });
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Record<string, Record<string, unknown>>;
      fake.received.push(frame);
      const auth = frame.auth;
      if (!auth) return;
      const ts = new Date().toISOString();
      if (!fake.validAccess.has(String(auth.access_token))) {
        ws.send(JSON.stringify({ id: auth.id, status: 401, err: 'ERR_INVALID_ACCESS_TOKEN', ts }));
        return;
      }
      ws.send(JSON.stringify({ id: auth.id, status: 200, data: { user_id: FAKE_USER_ID }, ts }));
      authedSockets.push(ws);
      for (const w of authWaiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}
