// What the call specs check inside a page, below the UI: every local track Parley was handed
// (so "no camera or microphone left on" can be asserted track by track), every peer connection
// it opened (so "media flows" is the browser's own statistics, not the UI's word), and that a
// <video> really plays (its size is known and its frames advance).
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

interface Recorded {
  tracks: MediaStreamTrack[];
  peers: RTCPeerConnection[];
}

/**
 * Installs the recorder before any of Parley's scripts run: wraps getUserMedia /
 * getDisplayMedia, canvas captureStream (the black placeholder while the camera is off) and
 * track clones, and subclasses RTCPeerConnection (simple-peer looks it up on `window` when it
 * builds a peer, so it gets this one).
 */
export async function recordMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const recorded: Recorded = { tracks: [], peers: [] };
    (window as unknown as { __parleyMedia: Recorded }).__parleyMedia = recorded;
    const keep = (stream: MediaStream) => {
      for (const track of stream.getTracks()) if (!recorded.tracks.includes(track)) recorded.tracks.push(track);
      return stream;
    };
    const devices = navigator.mediaDevices;
    if (devices) {
      const getUserMedia = devices.getUserMedia.bind(devices);
      devices.getUserMedia = async (constraints) => keep(await getUserMedia(constraints));
      if (devices.getDisplayMedia) {
        const getDisplayMedia = devices.getDisplayMedia.bind(devices);
        devices.getDisplayMedia = async (options) => keep(await getDisplayMedia(options));
      }
    }
    const captureStream = HTMLCanvasElement.prototype.captureStream;
    HTMLCanvasElement.prototype.captureStream = function (this: HTMLCanvasElement, frameRate?: number) {
      return keep(captureStream.call(this, frameRate));
    };
    const cloneTrack = MediaStreamTrack.prototype.clone;
    MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
      const copy = cloneTrack.call(this);
      recorded.tracks.push(copy);
      return copy;
    };
    const cloneStream = MediaStream.prototype.clone;
    MediaStream.prototype.clone = function (this: MediaStream) {
      return keep(cloneStream.call(this));
    };
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        recorded.peers.push(this);
      }
    };
  });
}

interface TrackInfo {
  kind: string;
  label: string;
  readyState: string;
}

/** Every local track the page was handed so far (audio, video, the placeholder), with its state. */
export function localTracks(page: Page): Promise<TrackInfo[]> {
  return page.evaluate(() =>
    (window as unknown as { __parleyMedia: Recorded }).__parleyMedia.tracks.map((t) => ({ kind: t.kind, label: t.label, readyState: t.readyState })),
  );
}

/**
 * After a call ends: every local track the page ever got is stopped ('ended': camera and
 * microphone off), and every peer connection is closed. `minTracks`: how many tracks the call
 * must have used at least (a call that was answered: a microphone and a camera, 2), so that
 * "none left live" is not true of a page that never touched the devices; 0 for a call that
 * may end before Parley asks for them (declined, busy, unanswered).
 */
export async function expectMediaReleased(page: Page, minTracks = 2): Promise<void> {
  const all = await localTracks(page);
  expect(all.length, `tracks handed out: ${JSON.stringify(all)}`).toBeGreaterThanOrEqual(minTracks);
  await expect
    .poll(async () => (await localTracks(page)).filter((t) => t.readyState !== 'ended').map((t) => `${t.kind} “${t.label}” still ${t.readyState}`), {
      message: 'every local track is stopped',
    })
    .toEqual([]);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __parleyMedia: Recorded }).__parleyMedia.peers.filter((p) => p.signalingState !== 'closed').length), {
      message: 'every peer connection is closed',
    })
    .toBe(0);
}

/** How many peer connections the page ever opened. */
export function peerConnectionsOpened(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __parleyMedia: Recorded }).__parleyMedia.peers.length);
}

/**
 * How many of the page's open peer connections receive media: audio packets and decoded video
 * frames, from the browser's own inbound-rtp statistics.
 */
export function peersReceiving(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let receiving = 0;
    for (const pc of (window as unknown as { __parleyMedia: Recorded }).__parleyMedia.peers) {
      if (pc.signalingState === 'closed') continue;
      let audio = 0;
      let video = 0;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number; framesDecoded?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') audio += s.packetsReceived ?? 0;
        if (s.kind === 'video') video += s.framesDecoded ?? 0;
      });
      if (audio > 0 && video > 0) receiving++;
    }
    return receiving;
  });
}

export async function expectReceivingFrom(page: Page, peers: number): Promise<void> {
  await expect.poll(() => peersReceiving(page), { message: `audio and video arrive from ${peers} peer(s)` }).toBe(peers);
}

/**
 * The <video> plays: it has a size and at least two different frames are presented after this
 * call (requestVideoFrameCallback), or, where no frame callback comes (the element not being
 * composited), its currentTime moves. Resolves with the frame size.
 */
export async function expectVideoPlaying(video: Locator): Promise<{ width: number; height: number }> {
  await expect(video).toBeVisible();
  return await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<{ width: number; height: number }>((resolve, reject) => {
        // A deadline, not a wait: the promise settles on the first frames that advance.
        const deadline = setTimeout(
          () =>
            reject(
              new Error(
                `video not playing: videoWidth ${v.videoWidth}, readyState ${v.readyState}, paused ${v.paused}, currentTime ${v.currentTime}, ` +
                  `srcObject ${v.srcObject ? (v.srcObject as MediaStream).getTracks().map((t) => `${t.kind}:${t.readyState}`).join(',') : 'none'}`,
              ),
            ),
          15_000,
        );
        const done = () => {
          clearTimeout(deadline);
          v.removeEventListener('timeupdate', onTime);
          resolve({ width: v.videoWidth, height: v.videoHeight });
        };
        let firstFrame = -1;
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
          if (v.videoWidth > 0 && meta.width > 0) {
            if (firstFrame < 0) firstFrame = meta.presentedFrames;
            else if (meta.presentedFrames > firstFrame) return done();
          }
          v.requestVideoFrameCallback(onFrame);
        };
        v.requestVideoFrameCallback(onFrame);
        let firstTime = -1;
        const onTime = () => {
          if (v.videoWidth === 0) return;
          if (firstTime < 0) firstTime = v.currentTime;
          else if (v.currentTime > firstTime) done();
        };
        v.addEventListener('timeupdate', onTime);
      }),
  );
}
