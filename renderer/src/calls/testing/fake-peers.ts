// A fake peer factory for the session's unit tests: each peer records what it was built
// with and what it was fed, and the test plays what a real connection would report
// (signals, ICE states, a remote stream, an error). Never imported by the app.

import type { CallMediaSignal } from '../../contract';
import type { PeerCallbacks, PeerFactory, PeerOptions } from '../peer';

export class FakePeer {
  readonly received: CallMediaSignal[] = [];
  readonly replaced: Array<{ oldTrack: MediaStreamTrack | null; newTrack: MediaStreamTrack }> = [];
  destroyed = false;
  constructor(
    readonly options: PeerOptions,
    readonly callbacks: PeerCallbacks,
  ) {}
  get userId(): string {
    return this.options.userId;
  }
  get initiator(): boolean {
    return this.options.initiator;
  }
  /** What this peer's RTCPeerConnection would emit: an offer, an answer, a candidate. */
  emitSignal(signal: CallMediaSignal): void {
    this.callbacks.onSignal(signal);
  }
  ice(state: RTCIceConnectionState): void {
    this.callbacks.onIceState(state);
  }
}

export class FakePeerFactory {
  readonly peers: FakePeer[] = [];
  loads = 0;

  readonly factory: PeerFactory = (options, callbacks) => {
    const peer = new FakePeer(options, callbacks);
    this.peers.push(peer);
    return {
      signal: (signal) => void peer.received.push(signal),
      replaceTrack: (oldTrack, newTrack) => void peer.replaced.push({ oldTrack, newTrack }),
      destroy: () => {
        peer.destroyed = true;
      },
    };
  };

  readonly load = async (): Promise<PeerFactory> => {
    this.loads += 1;
    return this.factory;
  };

  /** The live (not destroyed) peer toward `userId`. */
  peer(userId: string): FakePeer | undefined {
    return this.peers.find((p) => p.userId === userId && !p.destroyed);
  }

  live(): FakePeer[] {
    return this.peers.filter((p) => !p.destroyed);
  }
}

export class FakeTimers {
  private now = 0;
  private readonly due = new Map<number, { at: number; run: () => void }>();
  private next = 0;
  readonly timers = {
    set: (run: () => void, ms: number) => {
      const id = ++this.next;
      this.due.set(id, { at: this.now + ms, run });
      return id;
    },
    clear: (handle: unknown) => void this.due.delete(handle as number),
  };
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.due]) {
      if (t.at <= this.now) {
        this.due.delete(id);
        t.run();
      }
    }
  }
  pending(): number {
    return this.due.size;
  }
}
