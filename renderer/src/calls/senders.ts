// One peer connection's senders, below simple-peer (simple-peer-factory.ts): an audio and a
// video sender from the first description on, whether or not the devices have answered yet;
// which sender a new track goes to; and the size of the first video frames.

import { CAMERA_IDEAL_WIDTH } from './local-media';

/**
 * The first video frames go out at most this wide. WebRTC starts a new connection at a low
 * bitrate estimate (300 kbit/s) and, when the frame is larger than VGA for it, drops the
 * first frames and restarts the encoder smaller: with a 1280×720 camera the first remote
 * frame came 150–200 ms after the connection was up, against about 20 ms for the audio.
 * Sending at this width first, then at the camera's full size once the connection is up
 * (WebRTC then grows the picture as its bandwidth estimate allows), shows the other side
 * at once and keeps the quality.
 */
export const FIRST_FRAMES_MAX_WIDTH = 640;

const KINDS = ['audio', 'video'] as const;

/**
 * A peer built before the devices answered (its stream still empty) sends one audio and one
 * video section all the same, so the call negotiates and connects while the camera starts;
 * the tracks then take their senders by replaceTrack, without renegotiating. The initiator
 * adds the sections to its offer; an answerer's come from the offer, receive-only where it
 * has no track of that kind, and are turned to send-and-receive before its answer (the
 * 'track' events fire before simple-peer creates the answer).
 */
export function sendEveryKind(pc: RTCPeerConnection, stream: MediaStream, initiator: boolean, size?: FirstFramesSize): void {
  const has = (kind: string) => stream.getTracks().some((t) => t.kind === kind);
  if (initiator) {
    for (const kind of KINDS) {
      if (has(kind)) continue;
      // The video sender starts sized for the camera asked for, so that the camera's track,
      // when it comes, goes on without reading the sender's parameters (see FirstFramesSize).
      const by = kind === 'video' ? size?.firstScale(CAMERA_IDEAL_WIDTH) : undefined;
      const transceiver = pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream], ...(by ? { sendEncodings: [{ scaleResolutionDownBy: by }] } : {}) });
      if (by) size?.assume(transceiver.sender, by);
    }
    return;
  }
  pc.addEventListener('track', (event) => {
    const { sender } = event.transceiver;
    if (sender.track) return;
    if (event.transceiver.direction === 'recvonly') event.transceiver.direction = 'sendrecv';
    sender.setStreams?.(stream);
    // The devices answered after the peer was built but before the offer came: no sender
    // was there to take their track then.
    const track = stream.getTracks().find((t) => t.kind === event.track.kind);
    if (!track) return;
    size?.prepare(sender, track);
    sender.replaceTrack(track).catch((error: unknown) => console.warn('[parley] peer', error));
  });
}

/** The sender that sends `oldTrack`; for a first track (`oldTrack` null), the sender of its kind that sends nothing yet. */
export function senderFor(pc: RTCPeerConnection, oldTrack: MediaStreamTrack | null, newTrack: MediaStreamTrack): RTCRtpSender | undefined {
  if (oldTrack) return pc.getSenders().find((s) => s.track === oldTrack);
  return pc.getTransceivers().find((t) => t.direction !== 'stopped' && t.sender.track === null && t.receiver.track.kind === newTrack.kind)?.sender;
}

/**
 * The video frames' size: small (FIRST_FRAMES_MAX_WIDTH) for the first frames, then the camera's own.
 * It keeps the scale it gave each sender: changing a sender's scale means reading its
 * parameters, which blocks the page until the browser's media thread is free (measured:
 * 30–40 ms while a call connects), so a sender already at the right scale is left alone.
 */
export class FirstFramesSize {
  private small = true;
  private readonly scales = new WeakMap<RTCRtpSender, number>();

  /** The scale for the first frames of a camera `width` wide (undefined: full size). */
  firstScale(width: number): number | undefined {
    return this.small && width > FIRST_FRAMES_MAX_WIDTH ? width / FIRST_FRAMES_MAX_WIDTH : undefined;
  }

  /** `sender` was made with scale `by` (its sendEncodings). */
  assume(sender: RTCRtpSender, by: number): void {
    this.scales.set(sender, by);
  }

  /**
   * While the first frames go out, `track` goes on `sender` at most FIRST_FRAMES_MAX_WIDTH
   * wide. Call it just before the sender takes the track: the browser applies the two in
   * order, and the track goes on at once rather than a turn of this (busy) page later.
   */
  prepare(sender: RTCRtpSender, track: MediaStreamTrack): void {
    if (track.kind !== 'video') return;
    const width = typeof track.getSettings === 'function' ? (track.getSettings().width ?? 0) : 0;
    this.set(sender, this.firstScale(width) ?? 1);
  }

  /** From now on every video sender sends the camera's full size. */
  full(pc: RTCPeerConnection): void {
    this.small = false;
    for (const sender of pc.getSenders()) if (sender.track?.kind === 'video') this.set(sender, 1);
  }

  private set(sender: RTCRtpSender, by: number): void {
    if ((this.scales.get(sender) ?? 1) === by) return;
    this.scales.set(sender, by);
    scale(sender, by);
  }
}

/**
 * Best effort: a browser that refuses sends full size, as before. Set before the first offer,
 * no renegotiation is needed (encodings are not in the SDP).
 */
function scale(sender: RTCRtpSender, by: number): void {
  try {
    const parameters = sender.getParameters();
    const first = parameters.encodings?.[0];
    if (!first || first.scaleResolutionDownBy === by) return;
    first.scaleResolutionDownBy = by;
    sender.setParameters(parameters).catch((error: unknown) => console.warn('[parley] video size', error));
  } catch (error) {
    console.warn('[parley] video size', error);
  }
}
