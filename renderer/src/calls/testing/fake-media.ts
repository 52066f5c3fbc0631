// A fake of the browser's media for the session's unit tests: tracks that know whether they
// were stopped, streams that hold them, and a getUserMedia the test controls (devices that
// are missing, refused, or answered late). Never imported by the app.

import type { MediaEnv } from '../media-env';

export class FakeTrack {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  private readonly listeners = new Map<string, Array<() => void>>();
  constructor(
    readonly kind: 'audio' | 'video',
    readonly label: string,
  ) {}
  get id(): string {
    return this.label;
  }
  /** The device it comes from: `mic:mic-2#3` → mic-2. */
  getSettings(): { deviceId?: string } {
    const device = /^(?:mic|camera):([^#]+)#/.exec(this.label)?.[1];
    return device && device !== 'default' ? { deviceId: device } : {};
  }
  stop(): void {
    this.readyState = 'ended';
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
  }
  /** The device went away (unplugged): the browser ends the track and says so. */
  unplug(): void {
    this.readyState = 'ended';
    for (const l of this.listeners.get('ended') ?? []) l();
  }
}

export class FakeStream {
  private tracks: FakeTrack[];
  constructor(tracks: FakeTrack[]) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

type Refusal = 'NotFoundError' | 'NotAllowedError' | 'NotReadableError';

export class FakeMediaEnv {
  /** Every track handed out: device tracks and placeholders. */
  readonly tracks: FakeTrack[] = [];
  readonly requests: MediaStreamConstraints[] = [];
  /** Makes a device fail. */
  refuse: { audio?: Refusal; video?: Refusal } = {};
  /** While set, getUserMedia waits for release() (a permission prompt still open). */
  private held: Array<() => void> | null = null;
  private deviceListeners: Array<() => void> = [];
  devices: Array<{ kind: MediaDeviceKind; deviceId: string; label: string }> = [
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in microphone' },
    { kind: 'audioinput', deviceId: 'mic-2', label: 'Headset microphone' },
    { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: 'USB camera' },
    { kind: 'audiooutput', deviceId: 'spk-1', label: 'Speakers' },
  ];
  private counter = 0;

  readonly env: MediaEnv = {
    getUserMedia: async (constraints) => {
      this.requests.push(constraints);
      if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
      const tracks: FakeTrack[] = [];
      for (const kind of ['audio', 'video'] as const) {
        if (!constraints[kind]) continue;
        const refusal = this.refuse[kind];
        if (refusal) throw new DOMException('refused', refusal);
        tracks.push(this.track(kind, `${kind === 'audio' ? 'mic' : 'camera'}:${deviceOf(constraints[kind]) ?? 'default'}`));
      }
      return new FakeStream(tracks) as unknown as MediaStream;
    },
    enumerateDevices: async () => this.devices.map((d) => ({ ...d, groupId: '', toJSON: () => d })) as MediaDeviceInfo[],
    onDeviceChange: (listener) => {
      this.deviceListeners.push(listener);
      return () => (this.deviceListeners = this.deviceListeners.filter((l) => l !== listener));
    },
    newStream: (tracks) => new FakeStream(tracks as unknown as FakeTrack[]) as unknown as MediaStream,
    videoPlaceholder: () => this.track('video', 'placeholder:black') as unknown as MediaStreamTrack,
    audioPlaceholder: () => this.track('audio', 'placeholder:silence') as unknown as MediaStreamTrack,
    speakerSelectable: () => true,
  };

  /** Tracks not stopped yet. */
  live(): FakeTrack[] {
    return this.tracks.filter((t) => t.readyState === 'live');
  }

  holdRequests(): void {
    this.held = [];
  }

  releaseRequests(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const resume of waiting) resume();
  }

  plugIn(device: { kind: MediaDeviceKind; deviceId: string; label: string }): void {
    this.devices.push(device);
    for (const l of this.deviceListeners) l();
  }

  private track(kind: 'audio' | 'video', label: string): FakeTrack {
    const track = new FakeTrack(kind, `${label}#${++this.counter}`);
    this.tracks.push(track);
    return track;
  }
}

function deviceOf(constraint: boolean | MediaTrackConstraints | undefined): string | undefined {
  if (typeof constraint !== 'object') return undefined;
  const id = constraint.deviceId;
  if (typeof id === 'string') return id;
  if (id && typeof id === 'object' && !Array.isArray(id)) {
    const c = id as ConstrainDOMStringParameters;
    return (c.exact ?? c.ideal) as string | undefined;
  }
  return undefined;
}
