// Pushing events to users. Every socket of a user joins the room `user:<uin>`, so one emit
// to that room reaches all of the user's devices and windows.
//
// Batched pushes (a Parley extension, server/PROTOCOL.md "Batched pushes"): a socket that
// asked for them at connect (`?parley_batch=1`) also joins BATCH_ROOM. While a queue turn's
// answers go out (`hold` … `release`, commit-group.ts), what the turn pushes to such a socket
// is held and then sent as ONE `batch` event, `[[event, data], ...]` in order, instead of
// one packet per push: a flood of thousands of messages costs that client (and the server)
// a packet per turn, not per message. A held push never overtakes an ack: `flushSocket` sends
// what is held for a socket just before its ack. Every other socket (real Netalo clients)
// gets each push as its own event, exactly as before; outside a turn everybody does.

import type { NetaloNamespace, NetaloSocket } from './context';

export function userRoom(uin: string): string {
  return `user:${uin}`;
}

/** The room of the sockets that take batched pushes. */
export const BATCH_ROOM = 'parley:batch';

/** At most this many pushes in one `batch` event; more go in further ones, in order. */
export const BATCH_MAX_PUSHES = 500;

export interface Pusher {
  /** Emits `event` to every socket of every user in `uins` (each socket once), except `exceptSocketId`. */
  toUsers(uins: string[], event: string, data: unknown, opts?: { exceptSocketId?: string }): void;
  /** From now on, pushes to batching sockets are held (a queue turn's answers are going out). */
  hold(): void;
  /** Sends every held push (a `batch` per socket) and stops holding. */
  release(): void;
  /** Sends what is held for this socket now: its ack is about to go out, after them. */
  flushSocket(socket: NetaloSocket): void;
}

type Held = Array<[string, unknown]>;

export function createPusher(nsp: NetaloNamespace): Pusher {
  let holding = false;
  const held = new Map<NetaloSocket, Held>();

  const send = (socket: NetaloSocket, pushes: Held) => {
    for (let i = 0; i < pushes.length; i += BATCH_MAX_PUSHES) socket.emit('batch', pushes.slice(i, i + BATCH_MAX_PUSHES));
  };

  return {
    toUsers(uins, event, data, opts = {}) {
      if (uins.length === 0) return;
      let target = nsp.to(uins.map(userRoom));
      // Each socket is also in a room named by its own id: excluding that room excludes the socket.
      if (opts.exceptSocketId) target = target.except(opts.exceptSocketId);
      if (!holding) return void target.emit(event, data);
      target.except(BATCH_ROOM).emit(event, data);
      const batching = nsp.adapter.rooms.get(BATCH_ROOM);
      if (!batching || batching.size === 0) return;
      const seen = new Set<string>();
      for (const uin of uins) {
        for (const id of nsp.adapter.rooms.get(userRoom(uin)) ?? []) {
          if (id === opts.exceptSocketId || !batching.has(id) || seen.has(id)) continue;
          seen.add(id);
          const socket = nsp.sockets.get(id);
          if (!socket) continue;
          let list = held.get(socket);
          if (!list) held.set(socket, (list = []));
          list.push([event, data]);
        }
      }
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      const all = [...held];
      held.clear();
      for (const [socket, pushes] of all) if (socket.connected) send(socket, pushes);
    },
    flushSocket(socket) {
      const pushes = held.get(socket);
      if (!pushes) return;
      held.delete(socket);
      send(socket, pushes);
    },
  };
}
