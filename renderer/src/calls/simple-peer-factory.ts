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

/**
 * The first video frames go out at most this wide. WebRTC starts a new connection at a low
 * bitrate estimate (300 kbit/s) and, when the frame is larger than VGA for it, drops the
 * first frames and restarts the encoder smaller: with a 1280×720 camera the first remote
 * frame came 150–200 ms after the connection was up, against about 20 ms for the audio.
 * Sending at this width first, then at the camera's full size once the connection is up
 * (WebRTC then grows the picture as its bandwidth estimate allows), shows the other side
 * at once and keeps the quality.
 */
const FIRST_FRAMES_MAX_WIDTH = 640;
/** How long after the connection opened the video goes back to the camera's full size. */
const FULL_SIZE_AFTER_MS = 1000;

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
    const fullSize = startSmall(peer._pc, stream);
    let fullSizeTimer: ReturnType<typeof setTimeout> | undefined;
    peer.on('connect', () => {
      if (destroyed) return;
      fullSizeTimer ??= setTimeout(fullSize, FULL_SIZE_AFTER_MS);
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
      replaceTrack(oldTrack, newTrack, sent) {
        if (!destroyed) guard(() => peer.replaceTrack(oldTrack, newTrack, sent));
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
 * Scales the video sender down to FIRST_FRAMES_MAX_WIDTH (before the first offer: no
 * renegotiation, encodings are not in the SDP); answers the function that scales it back up.
 * Best effort: a browser that refuses just sends full size from the start, as before.
 */
function startSmall(pc: RTCPeerConnection | undefined, stream: MediaStream): () => void {
  const track = stream.getVideoTracks()[0];
  const sender = pc?.getSenders().find((s) => s.track === track);
  const width = track && typeof track.getSettings === 'function' ? (track.getSettings().width ?? 0) : 0;
  if (!sender || width <= FIRST_FRAMES_MAX_WIDTH) return () => undefined;
  const scale = (by: number) => {
    const parameters = sender.getParameters();
    const first = parameters.encodings?.[0];
    if (!first || first.scaleResolutionDownBy === by) return;
    first.scaleResolutionDownBy = by;
    sender.setParameters(parameters).catch((error: unknown) => console.warn('[parley] video size', error));
  };
  guard(() => scale(width / FIRST_FRAMES_MAX_WIDTH));
  return () => guard(() => scale(1));
}

function guard(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.warn('[parley] peer', error);
  }
}
