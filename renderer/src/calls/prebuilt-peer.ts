// A peer connection built before the mesh that will use it exists, so that its slow first
// steps (building the RTCPeerConnection, and for an initiator creating the offer and
// gathering candidates) are done while the call still rings instead of after the click:
// - the callee of a 1:1 call builds its offer toward the caller while the call rings here;
// - the caller of a 1:1 call builds its answerer toward the callee once the call is placed.
// Whatever the peer says before the mesh adopts it (its offer, its candidates, its states)
// is held here, never sent: nothing leaves this window before the user accepts. The mesh
// (mesh.ts) adopts it when it would build the same peer (same user, same role); a prebuilt
// peer that is not adopted is destroyed.

import type { PeerCallbacks, PeerFactory, PeerHandle, PeerOptions } from './peer';

/** At most this many callbacks are held before adoption (an offer, its candidates, a few states). */
const MAX_HELD = 64;

export class PrebuiltPeer {
  readonly userId: string;
  readonly initiator: boolean;
  /** What the peer sends: the window's local stream (empty until the devices answer). */
  readonly stream: MediaStream;
  private readonly handle: PeerHandle;
  /** Where the peer's callbacks go once adopted and replayed; until then they are held. */
  private target: PeerCallbacks | null = null;
  private adopted: PeerCallbacks | null = null;
  private readonly held: Array<(callbacks: PeerCallbacks) => void> = [];
  private done = false;

  constructor(factory: PeerFactory, options: PeerOptions) {
    this.userId = options.userId;
    this.initiator = options.initiator;
    this.stream = options.stream;
    const forward =
      <K extends keyof PeerCallbacks>(name: K) =>
      (...args: Parameters<PeerCallbacks[K]>) => {
        const call = (callbacks: PeerCallbacks) => (callbacks[name] as (...a: Parameters<PeerCallbacks[K]>) => void)(...args);
        if (this.target) call(this.target);
        else if ((!this.done || this.adopted) && this.held.length < MAX_HELD) this.held.push(call);
      };
    this.handle = factory(options, {
      onSignal: forward('onSignal'),
      onStream: forward('onStream'),
      onIceState: forward('onIceState'),
      onConnect: forward('onConnect'),
      onClose: forward('onClose'),
      onError: forward('onError'),
    });
  }

  /** Would the mesh build this very peer (toward `userId`, in `initiator`'s role)? */
  fits(userId: string, initiator: boolean): boolean {
    return !this.done && this.userId === userId && this.initiator === initiator;
  }

  /** The mesh takes the peer: everything it says from now on goes to `callbacks`; what it said before, at replayHeld(). */
  adopt(callbacks: PeerCallbacks): PeerHandle {
    this.done = true;
    this.adopted = callbacks;
    return this.handle;
  }

  /** After adopt(), once the mesh holds the handle: what the peer said so far, in order. */
  replayHeld(): void {
    const callbacks = this.adopted;
    if (!callbacks) return;
    // (A callback may make the peer say more meanwhile: that is held too, and told in turn.)
    while (this.held.length > 0) for (const call of this.held.splice(0)) call(callbacks);
    this.target = callbacks;
  }

  /** Before adoption: the devices answered (the mesh does not exist yet to pass their tracks on). */
  replaceTrack(oldTrack: MediaStreamTrack | null, newTrack: MediaStreamTrack, stream: MediaStream): void {
    if (!this.done) this.handle.replaceTrack(oldTrack, newTrack, stream);
  }

  /** Not adopted (the call rang out, was declined, answered elsewhere, or went another way): closed, nothing said. */
  destroy(): void {
    if (this.done) return;
    this.done = true;
    this.held.length = 0;
    this.handle.destroy();
  }
}
