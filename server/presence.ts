// Who is online, and telling the people who care (user_status pushes).
//
// A user is online while at least one of their sockets is connected. When their first
// socket connects or their last one disconnects, everyone who shares an ACCEPTED
// conversation with them (both accepted it, neither blocked in it: GroupStore.presencePeers)
// is pushed `user_status {uin, online_status, message_status, last_seen_at}`. A stranger who
// puts you in a group learns nothing about when you are online until you accept. A newly
// connected socket is also told which of its peers are online right now, so that a client
// starting up does not have to wait for someone to come online to know who is.
//
// last_seen_at is in seconds (like a group's times): when the user came online, for
// online_status 1; when their last socket closed, for online_status 2.

import type { Logger } from '../main/core/logger';
import type { Clock } from './clock';
import type { Pusher } from './netalo/push';

export const OnlineStatus = { online: 1, offline: 2 } as const;

export interface UserStatus {
  uin: string;
  online_status: number;
  message_status: string;
  last_seen_at: number;
}

export interface PresenceDeps {
  /** Who may see `uin`'s presence (and whose presence `uin` may see). */
  presencePeers(uin: string): string[];
  recordLastSeen(uin: string, seconds: number): void;
  push: Pusher;
  clock: Clock;
  log: Logger;
}

export class Presence {
  private readonly online = new Map<string, { sockets: number; since: number }>();
  private stopped = false;

  constructor(private readonly deps: PresenceDeps) {}

  isOnline(uin: string): boolean {
    return this.online.has(uin);
  }

  /** When the user's current online spell began (s), or undefined while offline. */
  onlineSince(uin: string): number | undefined {
    return this.online.get(uin)?.since;
  }

  /**
   * `a` and `b` just became presence peers (one accepted a conversation): each is told the
   * other is online, if so, as the on-connect snapshot would have told them.
   */
  introduce(a: string, b: string): void {
    if (this.stopped) return;
    for (const [to, about] of [
      [a, b],
      [b, a],
    ] as const) {
      const state = this.online.get(about);
      if (!state) continue;
      this.guard('introduce', () =>
        this.deps.push.toUsers([to], 'user_status', { uin: about, online_status: OnlineStatus.online, message_status: '', last_seen_at: state.since }),
      );
    }
  }

  /** A socket of `uin` connected and signed in. */
  connected(uin: string, socket: { emit(event: string, data: unknown): unknown }): void {
    const entry = this.online.get(uin);
    if (entry) entry.sockets += 1;
    else {
      const since = this.seconds();
      this.online.set(uin, { sockets: 1, since });
      this.announce({ uin, online_status: OnlineStatus.online, message_status: '', last_seen_at: since });
    }
    this.guard('presence snapshot', () => {
      for (const other of this.deps.presencePeers(uin)) {
        const state = this.online.get(other);
        if (state) socket.emit('user_status', { uin: other, online_status: OnlineStatus.online, message_status: '', last_seen_at: state.since });
      }
    });
  }

  /** A socket of `uin` that had connected() has gone. */
  disconnected(uin: string): void {
    const entry = this.online.get(uin);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    this.online.delete(uin);
    const now = this.seconds();
    this.guard('record last seen', () => this.deps.recordLastSeen(uin, now));
    this.announce({ uin, online_status: OnlineStatus.offline, message_status: '', last_seen_at: now });
  }

  /** During shutdown: keep recording, stop announcing (the sockets are going away). */
  stop(): void {
    this.stopped = true;
  }

  private announce(status: UserStatus): void {
    if (this.stopped) return;
    this.guard('announce status', () => this.deps.push.toUsers(this.deps.presencePeers(status.uin), 'user_status', status));
  }

  /** Presence is a courtesy: a failure here is logged, and never fails a connection. */
  private guard(what: string, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.deps.log.error(`presence: ${what} failed`, { error: (e as Error).message });
    }
  }

  private seconds(): number {
    return Math.floor(this.deps.clock() / 1000);
  }
}
