// The first frames' size without blocking the page: a sender made at the right scale is
// never asked for its parameters (a call that blocks the page while the browser's media
// thread is busy); one that needs another scale still gets it.

import { describe, expect, it } from 'vitest';
import { FirstFramesSize, sendEveryKind } from './senders';

class FakeSender {
  reads = 0;
  sets: number[] = [];
  track: MediaStreamTrack | null = null;
  private by: number | undefined;
  constructor(encodings?: RTCRtpEncodingParameters[]) {
    this.by = encodings?.[0]?.scaleResolutionDownBy;
  }
  getParameters() {
    this.reads += 1;
    return { encodings: [{ scaleResolutionDownBy: this.by }] };
  }
  setParameters(p: { encodings: Array<{ scaleResolutionDownBy?: number }> }) {
    this.by = p.encodings[0]!.scaleResolutionDownBy;
    this.sets.push(this.by ?? 1);
    return Promise.resolve();
  }
}

function fakePc() {
  const senders: Array<{ kind: string; sender: FakeSender }> = [];
  const pc = {
    addTransceiver(kind: string, init: RTCRtpTransceiverInit) {
      const sender = new FakeSender(init.sendEncodings);
      senders.push({ kind, sender });
      return { sender };
    },
  };
  return { pc: pc as unknown as RTCPeerConnection, senders };
}

const camera = (width: number) => ({ kind: 'video', getSettings: () => ({ width }) }) as unknown as MediaStreamTrack;
const emptyStream = { getTracks: () => [] } as unknown as MediaStream;

describe('the first frames’ size', () => {
  it('an offer made before the camera answered sizes its video sender for the camera asked for', () => {
    const { pc, senders } = fakePc();
    const size = new FirstFramesSize();
    sendEveryKind(pc, emptyStream, true, size);
    const video = senders.find((s) => s.kind === 'video')!.sender;
    expect(video.getParameters().encodings[0]!.scaleResolutionDownBy).toBe(2);
    video.reads = 0;
    // The camera answers at the width asked for: nothing to change, nothing read.
    size.prepare(video as unknown as RTCRtpSender, camera(1280));
    expect(video.reads).toBe(0);
    expect(video.sets).toEqual([]);
  });

  it('a camera of another width gets its own scale, and full size later', () => {
    const { pc, senders } = fakePc();
    const size = new FirstFramesSize();
    sendEveryKind(pc, emptyStream, true, size);
    const video = senders.find((s) => s.kind === 'video')!.sender as unknown as RTCRtpSender & FakeSender;
    size.prepare(video, camera(640));
    expect(video.sets).toEqual([1]);
    const wide = new FakeSender() as unknown as RTCRtpSender & FakeSender;
    size.prepare(wide, camera(1920));
    expect(wide.sets).toEqual([3]);
    wide.track = camera(1920);
    size.full({ getSenders: () => [wide] } as unknown as RTCPeerConnection);
    expect(wide.sets).toEqual([3, 1]);
  });

  it('an answerer whose camera answered before the offer sends its first frames small too', () => {
    let onTrack: ((event: RTCTrackEvent) => void) | null = null;
    const pc = { addEventListener: (_type: string, listener: (event: RTCTrackEvent) => void) => (onTrack = listener) } as unknown as RTCPeerConnection;
    const size = new FirstFramesSize();
    const hd = camera(1280);
    sendEveryKind(pc, { getTracks: () => [hd] } as unknown as MediaStream, false, size);
    // The offer's video section arrives: its sender has no track yet, and takes the camera's.
    const sender = new FakeSender();
    const replaced: MediaStreamTrack[] = [];
    const withTrack = Object.assign(sender, { replaceTrack: (t: MediaStreamTrack) => (replaced.push(t), Promise.resolve()), setStreams: () => undefined });
    const transceiver = { sender: withTrack, direction: 'recvonly' };
    onTrack!({ transceiver, track: { kind: 'video' } } as unknown as RTCTrackEvent);
    expect(transceiver.direction).toBe('sendrecv');
    expect(replaced).toEqual([hd]);
    expect(sender.sets).toEqual([2]);
  });
});
