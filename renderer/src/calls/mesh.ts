// The held call's peer connections: one simple-peer per other joined participant.
//
// Who offers: the participant who joined later is the initiator toward everyone already in
// the call (`initiateTo`: those joined when my accept was answered; empty for the caller, who
// never initiates). Peers of later joiners are built as answerers as soon as the call says
// they joined, or on their first offer, whichever comes first.
// 1:1 calls where the caller offers first (Call.callerOffers: AZStack, whose ring carries the
// offer, and Netalo) turn this round: the caller initiates toward the callee while it still
// rings (`offerBeforeAnswer`), and the callee answers that offer once accepted (its
// `initiateTo` is empty), or offers itself (`offerTo`) if none came: a caller written to wait
// for the callee's offer. Should both offers cross, the callee's wins on both sides
// (`crossing`), so the call connects whichever kind of client is at either end.
//
// Connection states come from ICE: checking → connecting, connected/completed → connected,
// disconnected (or the peer closing on its own) → reconnecting, and failed once ICE fails or
// the disconnection lasts longer than the grace period (10 s).

import type { Call, CallMediaSignal, CallParticipant } from '../contract';
import type { PeerCallbacks, PeerFactory, PeerHandle } from './peer';
import { PrebuiltPeer } from './prebuilt-peer';
import { candidateUfrag, sdpUfrags } from './signal-format';
import type { Timers } from './timers';
import type { PeerConnectionState, RemoteMedia } from './types';

export const DISCONNECT_GRACE_MS = 10_000;
/** Candidates held for a participant we have no peer (or no description) for yet. */
const MAX_PENDING_CANDIDATES = 64;

export interface MeshOptions {
  factory: PeerFactory;
  /** What every peer sends (local-media.ts); its tracks change by replaceTrack only. */
  stream: MediaStream;
  /** Who joined before me: I send them the offer. */
  initiateTo: Iterable<string>;
  /** Call.callerOffers, on the caller's side: peers toward `initiateTo` are built while they are still rung, not once joined. */
  offerBeforeAnswer?: boolean;
  /**
   * Two open offers crossing: whose wins. By default the greater SDP, the same on both sides
   * (a group call's two late joiners). A 1:1 callerOffers call: the callee's offer, whatever
   * the other client does: `theirs` on the caller's side, `mine` on the callee's.
   */
  crossing?: 'theirs' | 'mine';
  /** Call.iceServers, for every peer. */
  iceServers?: Call['iceServers'];
  /** A peer built while the call rang (prebuilt-peer.ts): taken instead of a new one when it fits, else destroyed. */
  prebuilt?: PrebuiltPeer;
  send(toUserId: string, signal: CallMediaSignal): void;
  /** The remotes changed (a peer added or removed, a state or stream changed). */
  onChange(remotes: Record<string, RemoteMedia>): void;
  /** A peer failed: ICE failed, a negotiation error, or disconnected past the grace period. */
  onFailed(userId: string): void;
  timers: Timers;
  graceMs?: number;
}

interface Peer {
  userId: string;
  handle: PeerHandle;
  initiator: boolean;
  connection: PeerConnectionState;
  stream: MediaStream | null;
  /** My offer (initiator), to settle two offers crossing. */
  myOffer: string | null;
  /** ICE username fragments of the other side's description; candidates of any other are stale. */
  remoteUfrags: Set<string> | null;
  /** The other side's description arrived (an answer to my offer, or their offer). */
  described: boolean;
  pending: CallMediaSignal[];
  graceTimer: unknown;
}

export class Mesh {
  private readonly peers = new Map<string, Peer>();
  private readonly initiateTo: Set<string>;
  /** Candidates from a participant before any peer exists for them. */
  private readonly early = new Map<string, CallMediaSignal[]>();
  private closed = false;
  private prebuilt: PrebuiltPeer | undefined;

  constructor(private readonly options: MeshOptions) {
    this.initiateTo = new Set(options.initiateTo);
    this.prebuilt = options.prebuilt;
  }

  /** Follows the call's participants: a peer per joined one; a peer of anyone else is closed. */
  update(participants: readonly CallParticipant[]): void {
    if (this.closed) return;
    const joined = new Set(participants.filter((p) => p.state === 'joined').map((p) => p.userId));
    if (this.options.offerBeforeAnswer) {
      for (const p of participants) if (p.state === 'invited' && this.initiateTo.has(p.userId)) joined.add(p.userId);
    }
    let changed = false;
    for (const userId of [...this.peers.keys()]) {
      if (!joined.has(userId)) {
        this.remove(userId);
        // Back later, they join after me: they offer.
        this.initiateTo.delete(userId);
        changed = true;
      }
    }
    for (const userId of joined) {
      if (!this.peers.has(userId)) {
        this.create(userId, this.initiateTo.has(userId));
        changed = true;
      }
    }
    if (changed) this.publish();
  }

  /**
   * Builds the peer toward `userId` ahead of their joining (prebuilt-peer.ts): it says
   * nothing until update() or receive() would build it, and then is that peer.
   */
  prebuild(userId: string, initiator: boolean): void {
    if (this.closed || this.prebuilt || this.peers.has(userId)) return;
    this.prebuilt = new PrebuiltPeer(this.options.factory, {
      userId,
      initiator,
      stream: this.options.stream,
      ...(this.options.iceServers ? { iceServers: this.options.iceServers } : {}),
    });
  }

  /**
   * I offer to `userId` from now on (the caller who was to offer first did not): a peer still
   * waiting for their offer is built again as the initiator; a later one is built so.
   */
  offerTo(userId: string): void {
    if (this.closed) return;
    this.initiateTo.add(userId);
    const peer = this.peers.get(userId);
    if (!peer || peer.initiator || peer.described) return;
    const carried = peer.pending;
    this.remove(userId);
    this.create(userId, true).pending.push(...carried);
    this.publish();
  }

  /** A signal from `fromUserId` (main's call.signal). */
  receive(fromUserId: string, signal: CallMediaSignal): void {
    if (this.closed) return;
    let peer = this.peers.get(fromUserId);
    if (signal.type === 'candidate') {
      if (peer) this.candidate(peer, signal);
      else hold(this.early, fromUserId, signal);
      return;
    }
    if (signal.type === 'answer') {
      if (!peer?.initiator) return;
      this.describe(peer, signal);
      return;
    }
    // An offer.
    if (peer && !this.acceptsOffer(peer, signal.sdp)) return;
    if (!peer || peer.initiator || peer.described) {
      // No peer yet, or a new negotiation (they came back, or our offers crossed and theirs wins): start over as the answerer.
      const carried = peer?.pending ?? [];
      if (peer) this.remove(fromUserId);
      this.initiateTo.delete(fromUserId);
      peer = this.create(fromUserId, false);
      peer.pending.push(...carried);
      this.publish();
    }
    this.describe(peer, signal);
  }

  /** The devices opened (`oldTrack` null), the camera turned on or off, or another device was chosen: every peer sends the new track. */
  replaceTrack(oldTrack: MediaStreamTrack | null, newTrack: MediaStreamTrack, stream: MediaStream): void {
    for (const peer of this.peers.values()) peer.handle.replaceTrack(oldTrack, newTrack, stream);
  }

  /** Whether any peer still works or may come back (a failed one may not). */
  anyAlive(): boolean {
    return [...this.peers.values()].some((p) => p.connection !== 'failed');
  }

  close(): void {
    this.closed = true;
    this.prebuilt?.destroy();
    this.prebuilt = undefined;
    for (const userId of [...this.peers.keys()]) this.remove(userId);
    this.early.clear();
  }

  /**
   * An offer while I am the initiator toward them: if mine was already answered, theirs starts
   * a new negotiation (they left and came back). If both offers are still open (both thought
   * they joined later), the rule of `crossing` decides, the same way on both sides.
   */
  private acceptsOffer(peer: Peer, sdp: string): boolean {
    if (!peer.initiator || peer.described || peer.myOffer === null) return true;
    if (this.options.crossing) return this.options.crossing === 'theirs';
    return sdp > peer.myOffer;
  }

  private create(userId: string, initiator: boolean): Peer {
    const peer: Peer = {
      userId,
      initiator,
      connection: 'connecting',
      stream: null,
      myOffer: null,
      remoteUfrags: null,
      described: false,
      pending: [],
      graceTimer: null,
      handle: null as unknown as PeerHandle,
    };
    const current = () => this.peers.get(userId) === peer;
    const prebuilt = this.prebuilt;
    // The first peer built decides: the prebuilt one is that peer, or is of no use any more.
    this.prebuilt = undefined;
    const fits = prebuilt?.fits(userId, initiator) === true;
    if (!fits) prebuilt?.destroy();
    const callbacks: PeerCallbacks = {
      onSignal: (signal) => {
        if (!current()) return;
        if (signal.type === 'offer') peer.myOffer = signal.sdp;
        this.options.send(userId, signal);
      },
      onStream: (stream) => {
        if (!current()) return;
        peer.stream = stream;
        this.publish();
      },
      onIceState: (state) => current() && this.iceState(peer, state),
      onConnect: () => current() && this.setConnection(peer, 'connected'),
      onClose: () => current() && peer.connection !== 'failed' && this.setConnection(peer, 'reconnecting'),
      onError: () => current() && this.fail(peer),
    };
    if (fits && prebuilt) {
      peer.handle = prebuilt.adopt(callbacks);
      this.peers.set(userId, peer);
      // What it said while the call rang (its offer and candidates), now that the peer is in place.
      prebuilt.replayHeld();
    } else {
      peer.handle = this.options.factory({ userId, initiator, stream: this.options.stream, ...(this.options.iceServers ? { iceServers: this.options.iceServers } : {}) }, callbacks);
      this.peers.set(userId, peer);
    }
    const early = this.early.get(userId);
    this.early.delete(userId);
    for (const signal of early ?? []) this.candidate(peer, signal);
    return peer;
  }

  private describe(peer: Peer, signal: CallMediaSignal & { type: 'offer' | 'answer' }): void {
    peer.described = true;
    peer.remoteUfrags = sdpUfrags(signal.sdp);
    peer.handle.signal(signal);
    // Candidates held so far belong to this description, or to an older one: those are dropped.
    const pending = peer.pending;
    peer.pending = [];
    for (const candidate of pending) if (this.matches(peer, candidate)) peer.handle.signal(candidate);
  }

  /**
   * A candidate goes to the peer once the description it belongs to is there. One of another
   * description waits (it may belong to a new negotiation whose offer is still on its way);
   * fed to the peer, browsers refuse it and simple-peer would close the connection.
   */
  private candidate(peer: Peer, signal: CallMediaSignal): void {
    if (signal.type !== 'candidate') return;
    if (peer.remoteUfrags && this.matches(peer, signal)) peer.handle.signal(signal);
    else if (peer.pending.length < MAX_PENDING_CANDIDATES) peer.pending.push(signal);
  }

  private matches(peer: Peer, signal: CallMediaSignal): boolean {
    if (signal.type !== 'candidate' || !peer.remoteUfrags) return false;
    const ufrag = candidateUfrag(signal.candidate);
    return ufrag === null || peer.remoteUfrags.size === 0 || peer.remoteUfrags.has(ufrag);
  }

  private iceState(peer: Peer, state: RTCIceConnectionState): void {
    switch (state) {
      case 'new':
      case 'checking':
        // Checking again after a disconnection is still "reconnecting" for the user.
        if (peer.connection !== 'reconnecting') this.setConnection(peer, 'connecting');
        return;
      case 'connected':
      case 'completed':
        this.setConnection(peer, 'connected');
        return;
      case 'disconnected':
        this.setConnection(peer, 'reconnecting');
        return;
      case 'failed':
        this.fail(peer);
        return;
      case 'closed':
        return;
    }
  }

  private setConnection(peer: Peer, connection: PeerConnectionState): void {
    if (peer.connection === 'failed') return;
    if (connection === 'reconnecting' && peer.graceTimer === null) {
      peer.graceTimer = this.options.timers.set(() => {
        peer.graceTimer = null;
        if (this.peers.get(peer.userId) === peer) this.fail(peer);
      }, this.options.graceMs ?? DISCONNECT_GRACE_MS);
    }
    if (connection === 'connected') this.clearGrace(peer);
    if (peer.connection === connection) return;
    peer.connection = connection;
    this.publish();
  }

  private fail(peer: Peer): void {
    if (peer.connection === 'failed') return;
    this.clearGrace(peer);
    peer.connection = 'failed';
    this.publish();
    this.options.onFailed(peer.userId);
  }

  private clearGrace(peer: Peer): void {
    if (peer.graceTimer === null) return;
    this.options.timers.clear(peer.graceTimer);
    peer.graceTimer = null;
  }

  private remove(userId: string): void {
    const peer = this.peers.get(userId);
    if (!peer) return;
    this.peers.delete(userId);
    this.clearGrace(peer);
    peer.handle.destroy();
  }

  private publish(): void {
    if (this.closed) return;
    const remotes: Record<string, RemoteMedia> = {};
    for (const peer of this.peers.values()) remotes[peer.userId] = { userId: peer.userId, stream: peer.stream, connection: peer.connection };
    this.options.onChange(remotes);
  }
}

function hold(map: Map<string, CallMediaSignal[]>, userId: string, signal: CallMediaSignal): void {
  const list = map.get(userId) ?? [];
  if (list.length < MAX_PENDING_CANDIDATES) list.push(signal);
  map.set(userId, list);
}
