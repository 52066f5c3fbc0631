// The browser's peers: simple-peer, loaded on the first call's media only (its own chunk;
// the chat never pays for it).
//
// Why `simple-peer/simplepeer.min.js` and not the package's index.js: index.js is written
// for browserify and needs Node's `global`, `process`, `Buffer` and the `events` module in
// the page (via readable-stream). Vite (Rollup/Rolldown) provides none of them; shimming
// them means four polyfill packages and `define`s in vite.config.ts for the whole renderer.
// The prebuilt bundle is the same code with those shims already inside, self-contained
// (UMD: CommonJS here), about 96 KiB minified.

import type { SimplePeerInstance } from 'simple-peer/simplepeer.min.js';
import type { PeerFactory, PeerOptions } from './peer';
import { FirstFramesSize, senderFor, sendEveryKind } from './senders';
import { toCallSignal, toSimplePeerSignal } from './signal-format';
import { spareAwareWebRtc } from './spare-connection';

/**
 * ICE servers: none, unless the protocol gave some for the call (AZStack's `ice_server`).
 * Parley's peers reach each other on the host candidates of their own networks (Parley's
 * server offers no STUN/TURN); simple-peer's default would ask public STUN servers for every call.
 */
function rtcConfig(iceServers: PeerOptions['iceServers']): RTCConfiguration {
  return { iceServers: (iceServers ?? []).map((s) => ({ ...s, urls: [...s.urls] })) };
}

/** How long after the connection opened the video goes back to the camera's full size. */
const FULL_SIZE_AFTER_MS = 1000;

/** simple-peer errors that only mean the connection closed (see the 'error' handler below). */
const closeCodes = new Set(['ERR_DATA_CHANNEL', 'ERR_ICE_CONNECTION_CLOSED']);

export async function loadSimplePeerFactory(): Promise<PeerFactory> {
  const { default: SimplePeer } = await import('simple-peer/simplepeer.min.js');
  return ({ initiator, stream, iceServers }, callbacks) => {
    let destroyed = false;
    const peer = new SimplePeer({ initiator, streams: [stream], trickle: true, config: rtcConfig(iceServers), wrtc: spareAwareWebRtc() });
    if (initiator) offerAtOnce(peer);
    const pc = peer._pc;
    const size = new FirstFramesSize();
    if (pc) {
      // Synchronously, before simple-peer's first offer (asked for a microtask later, see offerAtOnce): part of it.
      guard(() => sendEveryKind(pc, stream, initiator, size));
      for (const sender of pc.getSenders()) if (sender.track) size.prepare(sender, sender.track);
    }
    if (initiator) offerInThisTask(peer);
    peer.on('signal', (data) => {
      const signal = toCallSignal(data);
      if (signal && !destroyed) callbacks.onSignal(signal);
    });
    peer.on('stream', (remote) => !destroyed && callbacks.onStream(remote));
    peer.on('iceStateChange', (state) => !destroyed && callbacks.onIceState(state));
    let fullSizeTimer: ReturnType<typeof setTimeout> | undefined;
    let connected = false;
    /** The full size comes FULL_SIZE_AFTER_MS after the connection opened, or after the camera came, whichever is later. */
    const fullSizeLater = () => {
      clearTimeout(fullSizeTimer);
      fullSizeTimer = setTimeout(() => pc && guard(() => size.full(pc)), FULL_SIZE_AFTER_MS);
    };
    peer.on('connect', () => {
      if (destroyed) return;
      connected = true;
      fullSizeLater();
      callbacks.onConnect();
    });
    let closed = false;
    const close = () => {
      if (destroyed || closed) return;
      closed = true;
      callbacks.onClose();
    };
    peer.on('error', (error) => {
      if (destroyed) return;
      // The other side closing its connection (a hang-up, a page closing) shows here first
      // as a data channel error: that is a close, which main's hang-up event explains within
      // the grace period, not a failure.
      if (error.code && closeCodes.has(error.code)) close();
      else callbacks.onError(error.code ?? 'ERR_PEER', error.message);
    });
    peer.on('close', close);
    return {
      signal(signal) {
        // A peer that already closed on its own throws; the mesh learns of it through onClose.
        if (!destroyed) guard(() => peer.signal(toSimplePeerSignal(signal)));
      },
      replaceTrack(oldTrack, newTrack) {
        if (destroyed || !pc) return;
        // On the RTCPeerConnection's senders, not simple-peer's replaceTrack: simple-peer knows
        // only the tracks it was built with, not those that came later (sendEveryKind).
        guard(() => {
          const sender = senderFor(pc, oldTrack, newTrack);
          if (!sender) return;
          if (oldTrack === null && newTrack.kind === 'video' && connected) fullSizeLater();
          size.prepare(sender, newTrack);
          sender.replaceTrack(newTrack).catch((error: unknown) => console.warn('[parley] peer', error));
        });
      },
      destroy() {
        destroyed = true;
        clearTimeout(fullSizeTimer);
        peer.destroy();
      },
    };
  };
}

/**
 * simple-peer makes its first offer a timer after its first negotiation (a workaround for
 * a Chrome crash of 2015): a task behind whatever else the page does then. A callee's page
 * draws the call screen right then (tens of milliseconds), and the offer, which the whole
 * call waits for, waited behind it. Here the first negotiation asks for the offer at once,
 * as simple-peer's negotiate() does but for the timer; any later one is simple-peer's own.
 */
function offerAtOnce(peer: SimplePeerInstance): void {
  const negotiate = peer.negotiate;
  if (typeof negotiate !== 'function' || typeof peer._createOffer !== 'function') return;
  peer.negotiate = function firstNegotiation(this: SimplePeerInstance) {
    peer.negotiate = negotiate;
    if (this.destroying || this.destroyed || this._isNegotiating) return negotiate.call(this);
    this._isNegotiating = true;
    this._createOffer!();
  };
}

/**
 * The first offer asked for in the task that built the peer, once its senders are in place
 * (above), rather than in simple-peer's microtask: an accept builds its peer and then the
 * call screen renders in the same task (5–12 ms, and more on a busy machine, B7's
 * timeline), and the offer the whole call waits for was only asked after it. simple-peer's
 * own request, in its microtask, is then dropped: it would queue a second negotiation.
 */
function offerInThisTask(peer: SimplePeerInstance): void {
  if (peer._batchedNegotiation !== true || typeof peer.negotiate !== 'function') return;
  peer.negotiate(); // offerAtOnce's first negotiation: _createOffer() now
  const negotiate = peer.negotiate;
  peer.negotiate = function batchedRequestDropped() {
    peer.negotiate = negotiate;
  };
}

function guard(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.warn('[parley] peer', error);
  }
}
