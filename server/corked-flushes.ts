// Each flush of a socket.io connection leaves in one write. engine.io hands its websocket
// transport every packet queued while the previous write was in flight, and the transport
// sends them one by one: a `ws` frame each, and each frame its own write to the TCP socket,
// a system call each. Under a flood (a client sending thousands of messages: an ack each,
// and a push each to every other client that is not batching) that is thousands of writes,
// which were the largest cost in the server's CPU profile (bench B4: `writev`, 0.6 s for
// 10,000 messages), and as many wake-ups for the reader. Corked around the transport's
// `send` (Node's `cork()` is counted: ws's own cork around each frame nests inside it), the
// flush's frames go out in one write when it ends, in the same order, nothing held past it.
//
// The TCP socket is the transport's `ws` WebSocket's; a connection on another transport
// (long polling) writes as before, and so does one that upgrades until it has upgraded.

import type { Duplex } from 'node:stream';
import type { Server } from 'socket.io';

interface WebSocketTransport {
  readonly name: string;
  socket?: { _socket?: unknown };
  send(packets: unknown[]): void;
}

/** Marks a transport whose `send` is corked already. */
const corked = new WeakSet<object>();

/** From now on, every connection of `io` flushes in one write per flush (on the websocket transport). */
export function corkEachFlush(io: Pick<Server, 'engine'>): void {
  io.engine.on('connection', (conn: { transport: WebSocketTransport; on(event: 'upgrade', listener: (transport: WebSocketTransport) => void): void }) => {
    corkSend(conn.transport);
    conn.on('upgrade', corkSend);
  });
}

/** Wraps one websocket transport's `send` in cork / uncork of its TCP socket. */
export function corkSend(transport: WebSocketTransport): void {
  if (transport.name !== 'websocket' || corked.has(transport)) return;
  corked.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    const raw = tcpSocketOf(transport);
    if (!raw || packets.length < 2) return send(packets);
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}

function tcpSocketOf(transport: WebSocketTransport): Duplex | undefined {
  const raw = transport.socket?._socket as Duplex | undefined;
  return raw && typeof raw.cork === 'function' && typeof raw.uncork === 'function' && !raw.destroyed ? raw : undefined;
}
