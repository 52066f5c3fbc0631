// A client that stops reading must not make the server keep, without end, what it sends it.
// engine.io queues every packet for a connection whose client is not taking them (its write
// buffer, then the WebSocket's unsent bytes), with no limit of its own: a Netalo client that
// asked for large pages of history and never read the answers (sending its own pongs to stay
// connected) grew the server to 3 GB in 22 s. So a connection with more than MAX_BEHIND_BYTES
// (or MAX_BEHIND_PACKETS) waiting for it is closed: before a request of its own would add to
// that (Netalo, socket.ts), and for what others send it (pushes) by a sweep every SWEEP_MS.
// A client that reads as it should never comes near it: a burst of 10,000 messages is about
// 3 MB of packets. Closed, a client reconnects and catches up, as after any dropped connection.

import type { Server } from 'socket.io';
import type { WebSocket } from 'ws';
import type { Logger } from '../main/core/logger';

export const MAX_BEHIND_BYTES = 32 * 1024 * 1024;
export const MAX_BEHIND_PACKETS = 100_000;
export const SWEEP_MS = 1_000;

export interface BehindLimits {
  bytes: number;
  packets: number;
}

/** What an engine.io connection exposes of its queues (not its typed API: read defensively). */
interface EngineConnection {
  id?: string;
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: { socket?: { bufferedAmount?: unknown } };
  close(discard?: boolean): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Bytes and packets queued for a connection and not yet taken by its client. */
export function behindBy(conn: unknown): { bytes: number; packets: number } {
  const c = conn as Partial<EngineConnection> | undefined;
  const queued = Array.isArray(c?.writeBuffer) ? c.writeBuffer : [];
  const unsent = c?.transport?.socket?.bufferedAmount;
  let bytes = typeof unsent === 'number' ? unsent : 0;
  for (const packet of queued) {
    const data = packet?.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
  }
  return { bytes, packets: queued.length };
}

/** The connections closed here, for not reading. */
const dropped = new WeakSet<object>();

/** True, and the connection closed (its queue discarded), when it is too far behind. */
export function closeIfBehind(conn: unknown, log: Logger, limits: BehindLimits): boolean {
  // Its requests still waiting find it closed: they do not run, nor say so again.
  if (dropped.has(conn as object)) return true;
  const behind = behindBy(conn);
  if (behind.bytes <= limits.bytes && behind.packets <= limits.packets) return false;
  log.warn('client not reading: connection closed', { connection: (conn as EngineConnection).id, ...behind });
  dropped.add(conn as object);
  (conn as EngineConnection).close(true);
  return true;
}

/** Every SWEEP_MS, closes the connections of `io` too far behind, until its HTTP server closes. */
export function closeSlowReaders(io: Pick<Server, 'engine' | 'httpServer'>, log: Logger, limits: BehindLimits, everyMs = SWEEP_MS): void {
  const live = new Set<EngineConnection>();
  io.engine.on('connection', (conn: EngineConnection) => {
    live.add(conn);
    conn.once('close', () => live.delete(conn));
  });
  const timer = setInterval(() => {
    for (const conn of live) closeIfBehind(conn, log, limits);
  }, everyMs);
  timer.unref();
  io.httpServer.once('close', () => clearInterval(timer));
}

/** A raw WebSocket's send (talker's, Haraj's): closes it instead when more than `maxBytes` already wait for its client. */
export function sendUnlessBehind(ws: WebSocket, text: string, maxBytes: number, log: Logger): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > maxBytes) {
    log.warn('client not reading: connection closed', { bytes: ws.bufferedAmount });
    ws.terminate();
    return;
  }
  ws.send(text);
}
