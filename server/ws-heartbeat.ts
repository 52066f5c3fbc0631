// A raw WebSocket whose peer has vanished (a laptop shut, a network gone, or a client that
// stopped reading) does not close by itself: its connection, its descriptor and whatever
// it holds would stay for ever. socket.io has its own ping; the raw WebSocket fronts (Haraj,
// talker's) use this: every `everyMs` each socket is pinged, and one that has not answered
// the last ping is closed.

import type { WebSocket } from 'ws';

export const HEARTBEAT_MS = 30_000;

export interface Heartbeat {
  /** Starts watching a newly accepted socket. */
  watch(ws: WebSocket): void;
  stop(): void;
}

export function heartbeat(everyMs: number = HEARTBEAT_MS): Heartbeat {
  const answered = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [ws, ok] of answered) {
      if (!ok) {
        answered.delete(ws);
        ws.terminate();
        continue;
      }
      answered.set(ws, false);
      ws.ping();
    }
  }, everyMs);
  timer.unref();
  return {
    watch(ws) {
      answered.set(ws, true);
      ws.on('pong', () => answered.has(ws) && answered.set(ws, true));
      ws.once('close', () => answered.delete(ws));
    },
    stop: () => clearInterval(timer),
  };
}
