// The renderer's side of a call, shared by the call session (renderer/src/calls/, which holds
// the media: getUserMedia, simple-peer, devices) and the call screens (renderer/src/app/calls/).
// Main keeps the signalling state (`Call`); this window adds what only it knows: its own
// tracks, each peer connection's state, and the devices present.

import type { Call, CallMedia } from '../contract';

/** One peer connection, as simple-peer and the ICE state tell it. */
export type PeerConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface RemoteMedia {
  userId: string;
  /** The participant's audio + video as received (null until the first track arrives). */
  stream: MediaStream | null;
  connection: PeerConnectionState;
}

export interface LocalMedia {
  /** What this window sends: microphone + camera (or a black placeholder while the camera is off). */
  stream: MediaStream | null;
  audioMuted: boolean;
  videoOn: boolean;
  /** Why the microphone or camera could not be used, in words for the user ("No camera was found"). */
  error?: string;
}

export interface DeviceChoice {
  deviceId: string;
  label: string;
}

export interface CallDevices {
  microphones: DeviceChoice[];
  cameras: DeviceChoice[];
  /** Empty where the browser cannot choose the output (no `setSinkId`). */
  speakers: DeviceChoice[];
  selected: { microphone?: string; camera?: string; speaker?: string };
}

export interface CallsState {
  /** Every call main told this window about, by `callKey`. An ended call stays until dismissed. */
  calls: Record<string, Call>;
  /** The call whose media this window holds (it started or accepted it here), if any. */
  heldKey: string | null;
  local: LocalMedia;
  /** The held call's peers, by user ID. */
  remotes: Record<string, RemoteMedia>;
  devices: CallDevices;
}

/** What the screens can ask of the call session. Results carry main's error in words when refused. */
export interface CallActions {
  start(accountId: string, conversationId: string, media: CallMedia): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Accept an incoming call (or join a group call still running) with the camera on or off. */
  accept(key: string, media: CallMedia): Promise<{ ok: true } | { ok: false; message: string }>;
  decline(key: string): Promise<void>;
  /** Hang up, or cancel a call not answered yet. */
  hangup(key: string): Promise<void>;
  setMicMuted(muted: boolean): Promise<void>;
  setCameraOn(on: boolean): Promise<void>;
  /** In an audio call: ask the others to turn on video (event 4). */
  requestVideo(key: string): Promise<void>;
  selectDevice(kind: 'microphone' | 'camera' | 'speaker', deviceId: string): Promise<void>;
  /** Forget an ended call (closes its ending screen). */
  dismiss(key: string): void;
  /** The pointer or the focus is on a call button: the peer connection is built now, ahead of the click (no device opens). */
  prepare(): void;
}

export function callKey(call: Pick<Call, 'accountId' | 'callId'>): string {
  return `${call.accountId}|${call.callId}`;
}
