// Which peers' presence the account listens to: the users on screen now (the core's
// `presence.watch`), as Haraj `listen` / `unlisten` commands. The wanted set is kept across
// reconnects (a new socket listens to nothing, so everything wanted is listened to again);
// a peer the server refuses (403: no p2p topic with them) is not asked again until they
// leave the set and come back, or the socket is replaced.

import type { Id, Presence } from '../../../contract/domain';
import type { Logger } from '../../core/logger';
import type { HarajConnection } from './connection';
import { decode, listenDataSchema } from './wire';

/** Peers listened to at once, at most (the screen shows far fewer). */
export const WATCH_MAX = 200;

export class PresenceWatch {
  private wanted = new Set<number>();
  private readonly listening = new Set<number>();
  private readonly refused = new Set<number>();

  constructor(
    private readonly connection: HarajConnection,
    private readonly log: Logger,
    private readonly report: (presence: Omit<Presence, 'accountId'>) => void,
  ) {}

  /** Replaces the watched set. */
  watch(userIds: Id[]): void {
    const next = new Set<number>();
    for (const id of userIds) {
      if (!/^[1-9]\d{0,15}$/.test(id)) continue;
      const n = Number(id);
      if (Number.isSafeInteger(n)) next.add(n);
      if (next.size >= WATCH_MAX) break;
    }
    for (const peer of this.refused) if (!next.has(peer)) this.refused.delete(peer);
    this.wanted = next;
    this.sync();
  }

  /** A new socket is online: it listens to nothing yet. */
  online(): void {
    this.listening.clear();
    this.refused.clear();
    this.sync();
  }

  private sync(): void {
    if (this.connection.me === null) return;
    const me = this.connection.me;
    for (const peer of this.wanted) {
      if (peer === me || this.listening.has(peer) || this.refused.has(peer)) continue;
      this.listening.add(peer);
      this.connection
        .command('listen', { peer_id: peer })
        .then((answer) => {
          if (answer.status === 403) {
            this.listening.delete(peer);
            this.refused.add(peer);
            return;
          }
          if (answer.status !== 200) {
            this.listening.delete(peer);
            this.log.info('listen refused', { status: answer.status, err: answer.err });
            return;
          }
          const data = decode('listen answer', listenDataSchema, answer.data, this.log);
          if (data && this.wanted.has(peer)) this.report({ userId: String(peer), online: data.is_online });
        })
        .catch(() => this.listening.delete(peer)); // the socket went: the next one listens again
    }
    for (const peer of [...this.listening]) {
      if (this.wanted.has(peer)) continue;
      this.listening.delete(peer);
      this.connection.command('unlisten', { peer_id: peer }).catch(() => undefined);
    }
  }
}
