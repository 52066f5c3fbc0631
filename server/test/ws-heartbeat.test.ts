// The raw WebSocket fronts' heartbeat (ws-heartbeat.ts), with a real server and clients.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { heartbeat } from '../ws-heartbeat';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(everyMs: number) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const beat = heartbeat(everyMs);
  wss.on('connection', (ws) => beat.watch(ws));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())), () => beat.stop(), () => wss.close());
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, wss };
}

async function client(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  cleanups.push(() => ws.terminate());
  return ws;
}

describe('heartbeat', () => {
  it('closes a socket whose peer stopped answering, and keeps one that answers', async () => {
    const { url, wss } = await serve(50);
    const gone = await client(url);
    const there = await client(url);
    let pings = 0;
    there.on('ping', () => (pings += 1));
    const closed = new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.once('close', () => resolve());
    });
    // The vanished peer: it reads nothing more, so never answers a ping.
    (gone as unknown as { _socket: { pause(): void } })._socket.pause();
    await closed;
    expect(wss.clients.size).toBe(1);
    // The other has answered pings all along and is still there.
    await expect.poll(() => pings).toBeGreaterThan(2);
    expect(there.readyState).toBe(WebSocket.OPEN);
    expect(wss.clients.size).toBe(1);
  });
});
