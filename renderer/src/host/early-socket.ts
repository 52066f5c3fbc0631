// The IPC socket public/early-socket.js opened while the page was still loading, handed to
// the bridge (web-bridge.ts) for its first connection, with the frames that came in before
// (kept in order). Taken once; the slot stays claimed, so a late early-socket.js opens none.
// A socket for another address (a key that changed meanwhile) or one already closed is not
// taken: it is closed if need be, and the bridge opens its own.

interface EarlySlot {
  url: string;
  socket: WebSocket;
  frames: unknown[];
  buffer: (event: MessageEvent) => void;
}

type EarlyWindow = { __parleyEarlySocket?: EarlySlot | null };

const CLOSED = 3; // WebSocket.CLOSED, without needing the global (absent in Node tests)

export interface EarlySocket {
  socket: WebSocket;
  /** Frames (MessageEvent data) the socket received before it was taken, oldest first. */
  frames: unknown[];
}

export function takeEarlySocket(url: string, win: object = globalThis): EarlySocket | null {
  const slot = win as EarlyWindow;
  const early = slot.__parleyEarlySocket;
  slot.__parleyEarlySocket = null;
  if (!early) return null;
  early.socket.removeEventListener('message', early.buffer);
  if (early.url !== url || early.socket.readyState === CLOSED) {
    early.socket.close();
    return null;
  }
  return { socket: early.socket, frames: early.frames };
}
