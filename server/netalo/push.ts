// Pushing events to users. Every socket of a user joins the room `user:<uin>`, so one emit
// to that room reaches all of the user's devices and windows.

import type { NetaloNamespace } from './context';

export function userRoom(uin: string): string {
  return `user:${uin}`;
}

export interface Pusher {
  /** Emits `event` to every socket of every user in `uins` (each socket once), except `exceptSocketId`. */
  toUsers(uins: string[], event: string, data: unknown, opts?: { exceptSocketId?: string }): void;
}

export function createPusher(nsp: NetaloNamespace): Pusher {
  return {
    toUsers(uins, event, data, opts = {}) {
      if (uins.length === 0) return;
      let target = nsp.to(uins.map(userRoom));
      // Each socket is also in a room named by its own id: excluding that room excludes the socket.
      if (opts.exceptSocketId) target = target.except(opts.exceptSocketId);
      target.emit(event, data);
    },
  };
}
