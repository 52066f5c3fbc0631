// simple-peer's prebuilt browser bundle (see simple-peer-factory.ts for why that file).
// Typed here by hand, only as far as we use it: @types/simple-peer pulls Node's typings
// into the renderer, which must not see them (renderer/tsconfig.json).
declare module 'simple-peer/simplepeer.min.js' {
  export interface SimplePeerInstance {
    signal(data: unknown): void;
    replaceTrack(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack, stream: MediaStream): void;
    destroy(): void;
    /** simple-peer's own RTCPeerConnection (undocumented but stable): its senders' encodings are set at the start (simple-peer-factory.ts). */
    readonly _pc?: RTCPeerConnection;
    /** simple-peer's own negotiation steps (undocumented but stable, 9.11): the first offer is asked for at once (simple-peer-factory.ts). */
    negotiate(): void;
    _createOffer?: () => void;
    _isNegotiating?: boolean;
    /** simple-peer's negotiation request waiting for its microtask (9.11): the first offer is asked for in the builder's task instead (simple-peer-factory.ts). */
    _batchedNegotiation?: boolean;
    readonly destroying?: boolean;
    readonly destroyed?: boolean;
    on(event: 'signal', listener: (data: { type: string; [field: string]: unknown }) => void): void;
    on(event: 'stream', listener: (stream: MediaStream) => void): void;
    on(event: 'iceStateChange', listener: (iceConnectionState: RTCIceConnectionState, iceGatheringState: RTCIceGatheringState) => void): void;
    on(event: 'connect' | 'close', listener: () => void): void;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): void;
  }
  interface SimplePeerOptions {
    initiator?: boolean;
    streams?: MediaStream[];
    trickle?: boolean;
    config?: RTCConfiguration;
    /** The WebRTC classes to use (default: the browser's): the window's spare connection comes through it (spare-connection.ts). */
    wrtc?: { RTCPeerConnection: unknown; RTCSessionDescription: unknown; RTCIceCandidate: unknown };
  }
  const SimplePeer: new (options?: SimplePeerOptions) => SimplePeerInstance;
  export default SimplePeer;
}
