// Who is signed in to the AZStack front: each socket once its 179 succeeded, by userId, so
// that a push reaches every device of a user (and "another device" can leave one out).

import { EVENT, packet } from './wire';

export interface Conn {
  readonly id: string;
  /** The peer's IP address: what sign-in throttling counts by. */
  readonly remoteAddress: string;
  /** Set once 162 went out; nothing but 29 and 162 is ever sent before. */
  userId: number | null;
  /** The signed-in user's uin (for the quotas every front shares). */
  uin: string | null;
  emitRaw(event: string, data: unknown): void;
  close(): void;
}

export class Connections {
  private readonly byUser = new Map<number, Set<Conn>>();

  signIn(conn: Conn, userId: number, uin: string): void {
    conn.userId = userId;
    conn.uin = uin;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
  }

  /** Returns true when that was the user's last connection. */
  remove(conn: Conn): boolean {
    if (conn.userId === null) return false;
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set && set.size === 0) {
      this.byUser.delete(conn.userId);
      return true;
    }
    return false;
  }

  count(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  isOnline(userId: number): boolean {
    return this.byUser.has(userId);
  }

  /** Sends a packet to every connection of `userId` except `except`. */
  send(userId: number, service: number, body: unknown, except?: Conn): void {
    for (const conn of this.byUser.get(userId) ?? []) {
      if (conn !== except) conn.emitRaw(EVENT, packet(service, body));
    }
  }

  all(): Conn[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }
}

export function reply(conn: Conn, service: number, body: unknown): void {
  conn.emitRaw(EVENT, packet(service, body));
}
