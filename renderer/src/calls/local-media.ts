// What this window sends in a call: one audio track (the microphone, or silence when none
// could be opened) and one video track (the camera, or black frames while it is off), in one
// MediaStream that every peer is built with. The stream exists from open() on, empty until
// the devices answer: a peer built meanwhile negotiates without waiting for the camera (which
// takes a real one half a second or more to start) and gets the tracks as they come, like
// any other change. Changes swap a track (the session passes the
// swap on to every peer, see mesh.ts), and every track this controller ever obtained is
// stopped by stopAll(), including one that arrives after it (a permission prompt answered
// after the call ended): no camera light stays on after a call.

import type { MediaEnv } from './media-env';
import { describeMediaError, type DeviceKind } from './media-errors';

export interface LocalMediaOptions {
  env: MediaEnv;
  /** A sent track was swapped: every peer must send `newTrack` instead of `oldTrack` (null: the first track of its kind, the devices just opened). */
  onReplace(oldTrack: MediaStreamTrack | null, newTrack: MediaStreamTrack, stream: MediaStream): void;
  /** Anything shown changed (tracks, mute, camera, error). */
  onChange(): void;
  /** The stream to send in, when a peer was built with it before the devices opened (prebuilt-peer.ts); else open() makes one. */
  stream?: MediaStream;
}

export interface DeviceSelection {
  microphone?: string;
  camera?: string;
}

export class LocalMediaController {
  audioMuted = false;
  videoOn = false;
  error: string | undefined;
  private stream: MediaStream | null = null;
  private previewStream: MediaStream | null = null;
  private audio: MediaStreamTrack | null = null;
  private video: MediaStreamTrack | null = null;
  private microphoneOpen = false;
  /** Mute (or unmute) asked for while the devices were still opening: applied when they open. */
  private mutedBeforeOpen = false;
  private cameraOpen = false;
  private stopped = false;
  private opened = false;
  /** Every track obtained and not yet stopped. */
  private readonly live = new Set<MediaStreamTrack>();
  /** Track changes one after the other: a quick camera off-on-off must end as off. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Steps queued and not finished. */
  private pending = 0;

  constructor(private readonly options: LocalMediaOptions) {
    this.stream = options.stream ?? null;
  }

  /** The stream the peers send (null before open(); empty until the devices answered). Its tracks change; the object stays. */
  get sending(): MediaStream | null {
    return this.stream;
  }

  /** open() finished: the stream holds its audio and video track, and the states below are real. */
  get ready(): boolean {
    return this.opened;
  }

  /** The current tracks in a stream object of their own for the local preview: a new object whenever a track changed (so React sees it), the same one otherwise. */
  preview(): MediaStream | null {
    const tracks = [this.audio, this.video].filter((t): t is MediaStreamTrack => t !== null);
    if (tracks.length === 0) return null;
    const cached = this.previewStream?.getTracks() ?? [];
    if (cached.length !== tracks.length || tracks.some((t) => !cached.includes(t))) this.previewStream = this.options.env.newStream(tracks);
    return this.previewStream;
  }

  /** Opens the microphone (and the camera when `video`); what fails is replaced by a placeholder and told in `error`. */
  open(video: boolean, selected: DeviceSelection): Promise<void> {
    this.stream ??= this.options.env.newStream([]);
    const ask = () => this.options.env.getUserMedia({ audio: audioConstraint(selected.microphone, false), video: video ? videoConstraint(selected.camera, false) : false });
    // Asked in the caller's task when no step is queued before it (a call placed or accepted):
    // left to the queue's microtask, the camera was asked for only after the click had built
    // the peer and rendered the call screen, 19 ms later on the callee's page (bench B7's
    // profile), and the first frame of that camera, which the other side waits for, came
    // that much later too. Its failure is handled in the step below.
    const asked = this.pending === 0 ? ask() : null;
    asked?.catch(() => undefined);
    return this.serial(async () => {
      const errors: string[] = [];
      let audio: MediaStreamTrack | null;
      let camera: MediaStreamTrack | null = null;
      try {
        const got = await (asked ?? ask());
        audio = this.adopt(got.getAudioTracks()[0]);
        camera = this.adopt(got.getVideoTracks()[0]);
        for (const extra of got.getTracks()) if (extra !== audio && extra !== camera) extra.stop();
      } catch {
        // One request failed as a whole: ask for each device alone to learn which one (and keep the other).
        const mic = await this.acquire('microphone', selected.microphone, false);
        audio = mic.track;
        if (mic.error) errors.push(mic.error);
        if (video) {
          const cam = await this.acquire('camera', selected.camera, false);
          camera = cam.track;
          if (cam.error) errors.push(cam.error);
        }
      }
      if (this.stopped) return this.dropAll();
      this.microphoneOpen = audio !== null;
      this.cameraOpen = camera !== null;
      this.audio = audio ?? this.own(this.options.env.audioPlaceholder());
      this.video = camera ?? this.own(this.options.env.videoPlaceholder());
      this.audioMuted = !this.microphoneOpen || this.mutedBeforeOpen;
      this.videoOn = this.cameraOpen;
      if (this.audio) this.audio.enabled = !this.audioMuted;
      this.error = errors.length ? errors.join('. ') : undefined;
      const stream = (this.stream ??= this.options.env.newStream([]));
      for (const track of [this.audio, this.video]) {
        if (!track) continue;
        stream.addTrack(track);
        this.options.onReplace(null, track, stream);
      }
      this.opened = true;
      this.options.onChange();
    });
  }

  /** The devices sending now (what the device menus should show as chosen). */
  inUse(): DeviceSelection {
    const id = (track: MediaStreamTrack | null, open: boolean) => (open && track && typeof track.getSettings === 'function' ? track.getSettings().deviceId : undefined);
    const microphone = id(this.audio, this.microphoneOpen);
    const camera = id(this.video, this.cameraOpen);
    return { ...(microphone ? { microphone } : {}), ...(camera ? { camera } : {}) };
  }

  /** Mute is the track's `enabled`: the sender keeps sending (silence), nothing to renegotiate. */
  setMuted(muted: boolean): void {
    if (!this.opened && !this.stopped) {
      // Asked before the microphone answered (mute right after answering): kept and shown
      // now, and the microphone opens muted. Dropped, the call went out with it live.
      this.mutedBeforeOpen = muted;
      this.audioMuted = muted;
      this.options.onChange();
      return;
    }
    if (!this.microphoneOpen) return;
    this.audioMuted = muted;
    if (this.audio) this.audio.enabled = !muted;
    this.options.onChange();
  }

  /** Camera on: a camera track replaces the black one. Off: black again, and the camera itself is stopped (its light goes off). */
  setCamera(on: boolean, deviceId: string | undefined): Promise<void> {
    return this.serial(async () => {
      if (this.stopped || !this.video || on === this.cameraOpen) return;
      if (on) {
        const { track, error } = await this.acquire('camera', deviceId, false);
        if (this.stopped) return this.dropAll();
        this.error = error;
        if (!track) return this.options.onChange();
        this.swap('video', track);
        this.cameraOpen = true;
        this.videoOn = true;
      } else {
        this.swap('video', this.own(this.options.env.videoPlaceholder()));
        this.cameraOpen = false;
        this.videoOn = false;
      }
      this.options.onChange();
    });
  }

  /** Sends from another microphone or camera (a camera that is off is only chosen for later). */
  useDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.serial(async () => {
      if (this.stopped || !this.stream) return;
      if (kind === 'camera' && !this.cameraOpen) return;
      const { track, error } = await this.acquire(kind, deviceId, true);
      if (this.stopped) return this.dropAll();
      this.error = error;
      if (track) {
        if (kind === 'microphone') {
          track.enabled = this.microphoneOpen ? !this.audioMuted : true;
          if (!this.microphoneOpen) this.audioMuted = false;
          this.microphoneOpen = true;
        }
        this.swap(kind === 'microphone' ? 'audio' : 'video', track);
      }
      this.options.onChange();
    });
  }

  /** Stops every track now and any that arrives later. */
  stopAll(): void {
    this.stopped = true;
    this.dropAll();
  }

  private dropAll(): void {
    for (const track of this.live) track.stop();
    this.live.clear();
    this.audio = null;
    this.video = null;
    this.stream = null;
    this.previewStream = null;
    this.microphoneOpen = false;
    this.cameraOpen = false;
    this.videoOn = false;
    this.opened = false;
  }

  private swap(which: 'audio' | 'video', next: MediaStreamTrack | null): void {
    const old = this[which];
    if (!next || !old || !this.stream) return;
    this.options.onReplace(old, next, this.stream);
    this.stream.removeTrack(old);
    this.stream.addTrack(next);
    this[which] = next;
    this.live.delete(old);
    old.stop();
  }

  private async acquire(kind: DeviceKind, deviceId: string | undefined, exact: boolean): Promise<{ track: MediaStreamTrack | null; error?: string }> {
    try {
      const constraints = kind === 'microphone' ? { audio: audioConstraint(deviceId, exact) } : { video: videoConstraint(deviceId, exact) };
      const got = await this.options.env.getUserMedia(constraints);
      const track = this.adopt(kind === 'microphone' ? got.getAudioTracks()[0] : got.getVideoTracks()[0]);
      for (const extra of got.getTracks()) if (extra !== track) extra.stop();
      return track ? { track } : { track: null, error: describeMediaError(kind, new DOMException('', 'NotFoundError')) };
    } catch (error) {
      return { track: null, error: describeMediaError(kind, error) };
    }
  }

  /** A device track: counted as live at once (so stopAll reaches it), and watched for the device going away. */
  private adopt(track: MediaStreamTrack | undefined): MediaStreamTrack | null {
    if (!track) return null;
    this.live.add(track);
    if (this.stopped) {
      this.dropAll();
      return null;
    }
    track.addEventListener('ended', () => this.deviceEnded(track));
    return track;
  }

  private own(track: MediaStreamTrack | null): MediaStreamTrack | null {
    if (track) this.live.add(track);
    return track;
  }

  /** The device went away (unplugged, taken by the system): fall back to another one, or to a placeholder. */
  private deviceEnded(track: MediaStreamTrack): void {
    if (this.stopped || !this.live.has(track)) return;
    if (track === this.video) {
      void this.setCamera(false, undefined);
      return;
    }
    if (track !== this.audio) return;
    void this.serial(async () => {
      if (this.stopped || track !== this.audio) return;
      const { track: next, error } = await this.acquire('microphone', undefined, false);
      if (this.stopped) return this.dropAll();
      if (next) next.enabled = !this.audioMuted;
      else {
        this.microphoneOpen = false;
        this.audioMuted = true;
        this.error = error;
      }
      this.swap('audio', next ?? this.own(this.options.env.audioPlaceholder()));
      this.options.onChange();
    });
  }

  private serial(step: () => Promise<void>): Promise<void> {
    this.pending++;
    const run = this.queue.then(step, step).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** `ideal` on a call's start (a device unplugged since falls back to another); `exact` when the user picks one. */
function audioConstraint(deviceId: string | undefined, exact: boolean): MediaTrackConstraints | true {
  return deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : true;
}

/** The camera's width asked for; the peers size their first frames for it before it answers (senders.ts). */
export const CAMERA_IDEAL_WIDTH = 1280;

function videoConstraint(deviceId: string | undefined, exact: boolean): MediaTrackConstraints {
  return {
    width: { ideal: CAMERA_IDEAL_WIDTH },
    height: { ideal: 720 },
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {}),
  };
}
