// One peer connection as the mesh sees it, in the contract's terms (CallMediaSignal), so the
// mesh never touches simple-peer itself: the browser gets simple-peer (simple-peer-factory.ts),
// the unit tests a fake.

import type { Call, CallMediaSignal } from '../contract';

export interface PeerOptions {
  /** The other participant (for logs and tests; the connection itself does not need it). */
  userId: string;
  /** Sends the offer (the participant who joined later); the other side answers. */
  initiator: boolean;
  /**
   * What this window sends: one audio and one video track (see local-media.ts), or none yet
   * while the devices open. The peer then sends one of each kind from its first description
   * on all the same, and the tracks come by replaceTrack(null, track).
   */
  stream: MediaStream;
  /** STUN / TURN servers the protocol gave for the call (Call.iceServers); absent: none. */
  iceServers?: Call['iceServers'];
}

export interface PeerCallbacks {
  /** An offer, answer or ICE candidate for the other side. */
  onSignal(signal: CallMediaSignal): void;
  /** The other side's audio + video. */
  onStream(stream: MediaStream): void;
  /** RTCPeerConnection.iceConnectionState as it changes. */
  onIceState(state: RTCIceConnectionState): void;
  /** The connection is up (simple-peer's 'connect': its data channel opened). */
  onConnect(): void;
  /** The connection closed on its own (the other side went away, or closed it), not through destroy(). */
  onClose(): void;
  /** The connection broke (ICE failed, a negotiation error): the peer is gone for good. */
  onError(code: string, message: string): void;
}

export interface PeerHandle {
  signal(signal: CallMediaSignal): void;
  /** Swaps what a sender sends, without renegotiation (`oldTrack` null: the sender of that kind that sends nothing yet). `stream` is the one the peer was built with. */
  replaceTrack(oldTrack: MediaStreamTrack | null, newTrack: MediaStreamTrack, stream: MediaStream): void;
  /** Closes the connection; no callback fires after it. */
  destroy(): void;
}

export type PeerFactory = (options: PeerOptions, callbacks: PeerCallbacks) => PeerHandle;
