// One RTCPeerConnection built ahead, when a call is about to be placed, for its first peer.
//
// Why: `new RTCPeerConnection()` waits synchronously on WebRTC's own threads (B7's timeline:
// 1–3 ms when they are free, 20–30 ms when the camera is starting or a connection is being
// set up elsewhere on the machine, the most for the first one in a page), and the DTLS
// certificate it makes afterwards is awaited by its first offer or answer. Built when the
// pointer or the focus comes to a call button (the click that places the call follows), the
// call's peer starts with a connection that has both. Nothing happens on a spare until a call
// uses it: without a description it gathers no candidate, opens no port and no device (the
// camera opens on a click only, local-media.ts).
//
// Not built at start or while the page is idle: an idle connection holds about 6 MB of the
// renderer's RSS (measured in Chromium), paid by every window whether it ever calls or not.
// An unused one is closed when a call ends or the session stops, so no connection stays
// open after a call. The peers take it through simple-peer's `wrtc` option
// (simple-peer-factory.ts).

export interface SpareConnectionsOptions {
  create(config: RTCConfiguration): RTCPeerConnection;
}

/** The configuration a spare is built with: no ICE servers (Parley's peers use host candidates). */
const SPARE_CONFIG: RTCConfiguration = { iceServers: [] };

export class SpareConnections {
  private spare: RTCPeerConnection | null = null;

  constructor(private readonly options: SpareConnectionsOptions) {}

  /** Builds a spare now, unless one waits already. */
  warm(): void {
    if (this.spare) return;
    try {
      this.spare = this.options.create(SPARE_CONFIG);
    } catch (error) {
      // Only a head start: the call builds its own connection as it would have.
      console.warn('[parley] spare peer connection', error);
    }
  }

  /** The spare when it fits `config` (it is then no longer spare), else a new connection. */
  take(config: RTCConfiguration = {}): RTCPeerConnection {
    const spare = this.spare;
    if (spare && fitsSpare(config) && spare.signalingState !== 'closed') {
      this.spare = null;
      return spare;
    }
    return this.options.create(config);
  }

  /** Closes an unused spare (a call ended, the session stops). */
  dispose(): void {
    this.spare?.close();
    this.spare = null;
  }
}

/**
 * Would a connection built with SPARE_CONFIG be the same as one built with `config`? No ICE
 * servers and nothing else set (simple-peer adds `sdpSemantics`, which Chromium ignores:
 * unified plan is its only one).
 */
function fitsSpare(config: RTCConfiguration): boolean {
  const rest = Object.keys(config).filter((key) => key !== 'iceServers' && key !== 'sdpSemantics');
  return rest.length === 0 && (config.iceServers ?? []).length === 0;
}

/** The window's spare (one per page: the call session is one per window too). */
const browserSpares = new SpareConnections({ create: (config) => new RTCPeerConnection(config) });

/** The window's spare as the session uses it; a no-op where the browser has no WebRTC. */
export const windowSpareConnection = {
  warm(): void {
    if (typeof RTCPeerConnection === 'function') browserSpares.warm();
  },
  dispose: (): void => browserSpares.dispose(),
};

/**
 * What simple-peer builds its connection with (its `wrtc` option): the browser's own
 * classes, but `new RTCPeerConnection(config)` takes the window's spare when it fits.
 * (A constructor that returns an object gives that object to `new`.)
 */
export function spareAwareWebRtc(): { RTCPeerConnection: unknown; RTCSessionDescription: unknown; RTCIceCandidate: unknown } {
  return {
    RTCPeerConnection: function SpareOrNewPeerConnection(config?: RTCConfiguration) {
      return browserSpares.take(config);
    },
    RTCSessionDescription,
    RTCIceCandidate,
  };
}
