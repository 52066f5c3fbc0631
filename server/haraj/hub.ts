// Who is connected to the Haraj front's /chat/ws, and what goes to whom: a socket becomes its
// user's with `auth`; pushes reach every authenticated socket of a user; `listen` subscribes a
// socket to one peer's online / offline presence. A user is online while at least one of their
// sockets is authenticated (the document: "considered to be online by server"), and going from
// none to one, or back, tells every socket listening to them. Typing lapses here too.

import type { Clock } from '../clock';
import { isoTime } from './replies';

export interface HubSocket {
  /** The authenticated user, once `auth` succeeded. */
  userId: number | null;
  /** The token session it authenticated with (a sign-out closes its sockets). */
  sessionId: string | null;
  /** Peers this socket listens to. */
  readonly listening: Set<number>;
  send(packet: unknown): void;
  close(code: number, reason: string): void;
}

/** typing: true lapses this long after the last `typing` request (the client renews it sooner). */
export const TYPING_LAPSE_MS = 6000;

export class HarajHub {
  private readonly byUser = new Map<number, Set<HubSocket>>();
  private readonly listeners = new Map<number, Set<HubSocket>>();
  private readonly typing = new Map<string, { from: number; to: number; topicId: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly clock: Clock) {}

  /** Makes the socket `userId`'s (after `auth`); the first socket of a user brings them online. */
  authenticate(socket: HubSocket, userId: number, sessionId: string): void {
    socket.sessionId = sessionId;
    if (socket.userId === userId) return;
    // Another user on this socket: what the previous one listened to is not theirs to hear.
    for (const peer of [...socket.listening]) this.unlisten(socket, peer);
    this.signOut(socket);
    socket.userId = userId;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(socket);
    if (set.size === 1) this.tellPresence(userId, 'online');
  }

  /** The socket went away. */
  remove(socket: HubSocket): void {
    for (const peer of [...socket.listening]) this.unlisten(socket, peer);
    this.signOut(socket);
  }

  /** The session was signed out: its sockets are closed. */
  endSession(userId: number, sessionId: string): void {
    for (const socket of [...(this.byUser.get(userId) ?? [])]) if (socket.sessionId === sessionId) socket.close(1008, 'signed out');
  }

  socketsOf(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  isOnline(userId: number): boolean {
    return this.socketsOf(userId) > 0;
  }

  toUser(userId: number, packet: unknown): void {
    for (const socket of this.byUser.get(userId) ?? []) socket.send(packet);
  }

  listen(socket: HubSocket, peer: number): void {
    socket.listening.add(peer);
    let set = this.listeners.get(peer);
    if (!set) this.listeners.set(peer, (set = new Set()));
    set.add(socket);
  }

  unlisten(socket: HubSocket, peer: number): void {
    socket.listening.delete(peer);
    const set = this.listeners.get(peer);
    set?.delete(socket);
    if (set && set.size === 0) this.listeners.delete(peer);
  }

  /** `from` types in `topicId` to `to`: `pres` typing at the first, stop_typing TYPING_LAPSE_MS after the last. */
  setTyping(from: number, to: number, topicId: string, typing: boolean): void {
    const key = `${from}>${topicId}`;
    const running = this.typing.get(key);
    if (!typing) return this.stopTyping(key);
    if (running) clearTimeout(running.timer);
    else this.toUser(to, { pres: { what: 'typing', from_id: from, topic_id: topicId, ts: isoTime(this.clock()) } });
    this.typing.set(key, { from, to, topicId, timer: setTimeout(() => this.stopTyping(key), TYPING_LAPSE_MS) });
  }

  /** The typer sent their message: their typing in that topic is over. */
  stopTypingIn(from: number, topicId: string): void {
    this.stopTyping(`${from}>${topicId}`);
  }

  close(): void {
    for (const t of this.typing.values()) clearTimeout(t.timer);
    this.typing.clear();
  }

  private stopTyping(key: string): void {
    const t = this.typing.get(key);
    if (!t) return;
    clearTimeout(t.timer);
    this.typing.delete(key);
    this.toUser(t.to, { pres: { from_id: t.from, what: 'stop_typing', topic_id: t.topicId, ts: isoTime(this.clock()) } });
  }

  private signOut(socket: HubSocket): void {
    const userId = socket.userId;
    if (userId === null) return;
    socket.userId = null;
    socket.sessionId = null;
    const set = this.byUser.get(userId);
    set?.delete(socket);
    if (set && set.size === 0) {
      this.byUser.delete(userId);
      // Gone everywhere: whatever they were typing stops, and their listeners hear it.
      for (const [key, t] of this.typing) if (t.from === userId) this.stopTyping(key);
      this.tellPresence(userId, 'offline');
    }
  }

  private tellPresence(userId: number, what: 'online' | 'offline'): void {
    const packet = { pres: { what, from_id: userId, ts: isoTime(this.clock()) } };
    for (const socket of this.listeners.get(userId) ?? []) if (socket.userId !== null) socket.send(packet);
  }
}
