// Refusing a WebSocket upgrade on the bare socket. Once Node's HTTP server hands a socket to
// 'upgrade', it stops watching it, its own 'error' listener included, so what the socket can
// still do is ours to handle:
// - a write that fails emits 'error', and with no listener that ends the process. A client
//   that asked for a large file on a keep-alive connection without reading it, then sent the
//   refused upgrade and reset the connection, made the refusal's write fail behind the file's
//   unsent bytes: one local process, without the access key, stopped the host every time;
// - a client that never reads would keep the refusal, and the socket, for ever.

import type { Duplex } from 'node:stream';

/** How long a refused client has to take its answer before the socket goes anyway. */
export const REFUSAL_TIMEOUT_MS = 10_000;

const STATUS_LINES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers `status` and closes the socket once the answer is out (or failed, or timed out). */
export function refuseUpgrade(socket: Duplex, status: number): void {
  socket.on('error', () => socket.destroy());
  if (!socket.writable) return void socket.destroy();
  const timer = setTimeout(() => socket.destroy(), REFUSAL_TIMEOUT_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_LINES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
