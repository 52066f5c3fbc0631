// Who is connected to the talker front, as the real server keys it: by "client address"
// (the connection's handshake URL). A second connection with the same address replaces
// the first, which is why clients add something unique (a random `c=`) to their URL. A
// signed-in connection also belongs to its user, so pushes reach every device.

export interface Connection {
  /** `socket.handshake.url` (socket.io) or the request URL (raw WebSocket). */
  readonly address: string;
  /** The peer's IP address: what sign-in throttling counts by. */
  readonly remoteAddress: string;
  /** The signed-in talker user, once `login` succeeded. */
  userId: number | null;
  emit(event: string, data: unknown): void;
  /** Bytes sent to it that its client has not taken yet (slow-readers.ts). */
  behind(): number;
}

export class Connections {
  private readonly byAddress = new Map<string, Connection>();
  private readonly byUser = new Map<number, Set<Connection>>();

  add(conn: Connection): void {
    const previous = this.byAddress.get(conn.address);
    if (previous && previous !== conn) this.signOut(previous);
    this.byAddress.set(conn.address, conn);
  }

  remove(conn: Connection): void {
    this.signOut(conn);
    if (this.byAddress.get(conn.address) === conn) this.byAddress.delete(conn.address);
  }

  signIn(conn: Connection, userId: number): void {
    this.signOut(conn);
    conn.userId = userId;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
  }

  signOut(conn: Connection): void {
    if (conn.userId === null) return;
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set && set.size === 0) this.byUser.delete(conn.userId);
    conn.userId = null;
  }

  /** The signed-in connection at this address, when it is this user's. */
  authenticated(address: string, userId: number): Connection | null {
    const conn = this.byAddress.get(address);
    return conn && conn.userId === userId ? conn : null;
  }

  ofUser(userId: number): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? new Set();
  }

  toUser(userId: number, event: string, data: unknown): void {
    for (const conn of this.ofUser(userId)) conn.emit(event, data);
  }

  isOnline(userId: number): boolean {
    return this.byUser.has(userId);
  }
}
