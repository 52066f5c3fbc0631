// A TCP proxy between a client under test and a real server, for fault injection without
// faking either side's sockets: pass traffic, drop what the server sends back (a lost ack or
// echo), refuse new connections (a server that is gone), or cut every live connection.
// Loopback only.

import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'drop-downstream' | 'refuse';

export interface TcpProxy {
  /** http://127.0.0.1:PORT: give this to the client instead of the server's URL. */
  url: string;
  mode: ProxyMode;
  /** Bytes the proxy has forwarded to the server so far. */
  readonly upstreamBytes: number;
  /** Destroys every live connection (both halves). */
  cutAll(): void;
  /**
   * Every live connection stops carrying anything, both ways, but stays open: the socket a
   * laptop wakes up with after its NAT or Wi-Fi forgot it. New connections pass.
   */
  freezeAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const frozen = new WeakSet<Socket>();
  let upstreamBytes = 0;
  const proxy: TcpProxy = {
    url: '',
    mode: 'pass',
    get upstreamBytes() {
      return upstreamBytes;
    },
    freezeAll() {
      for (const [client] of pairs) frozen.add(client);
    },
    cutAll() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.cutAll();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    if (proxy.mode === 'refuse') return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (frozen.has(client)) return;
      upstreamBytes += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (proxy.mode === 'pass' && !frozen.has(client)) client.write(chunk);
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}
