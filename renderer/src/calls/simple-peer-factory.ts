// The browser's peers: simple-peer, loaded on the first call's media only (its own chunk;
// the chat never pays for it).
//
// Why `simple-peer/simplepeer.min.js` and not the package's index.js: index.js is written
// for browserify and needs Node's `global`, `process`, `Buffer` and the `events` module in
// the page (via readable-stream). Vite (Rollup/Rolldown) provides none of them; shimming
// them means four polyfill packages and `define`s in vite.config.ts for the whole renderer.
// The prebuilt bundle is the same code with those shims already inside, self-contained
// (UMD: CommonJS here), about 96 KiB minified.

import type { PeerFactory, PeerOptions } from './peer';
import { toCallSignal, toSimplePeerSignal } from './signal-format';

/**
 * ICE servers: none, unless the protocol gave some for the call (AZStack's `ice_server`).
 * Parley's peers reach each other on the host candidates of their own networks (Parley's
 * server offers no STUN/TURN); simple-peer's default would ask public STUN servers for every call.
 */
function rtcConfig(iceServers: PeerOptions['iceServers']): RTCConfiguration {
  return { iceServers: (iceServers ?? []).map((s) => ({ ...s, urls: [...s.urls] })) };
}

/** simple-peer errors that only mean the connection closed (see the 'error' handler below). */
const closeCodes = new Set(['ERR_DATA_CHANNEL', 'ERR_ICE_CONNECTION_CLOSED']);

export async function loadSimplePeerFactory(): Promise<PeerFactory> {
  const { default: SimplePeer } = await import('simple-peer/simplepeer.min.js');
  return ({ initiator, stream, iceServers }, callbacks) => {
    let destroyed = false;
    const peer = new SimplePeer({ initiator, streams: [stream], trickle: true, config: rtcConfig(iceServers) });
    peer.on('signal', (data) => {
      const signal = toCallSignal(data);
      if (signal && !destroyed) callbacks.onSignal(signal);
    });
    peer.on('stream', (remote) => !destroyed && callbacks.onStream(remote));
    peer.on('iceStateChange', (state) => !destroyed && callbacks.onIceState(state));
    peer.on('connect', () => !destroyed && callbacks.onConnect());
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
      replaceTrack(oldTrack, newTrack, sent) {
        if (!destroyed) guard(() => peer.replaceTrack(oldTrack, newTrack, sent));
      },
      destroy() {
        destroyed = true;
        peer.destroy();
      },
    };
  };
}

function guard(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.warn('[parley] peer', error);
  }
}
