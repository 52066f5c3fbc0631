// What the call session needs from the browser's media, in one seam: the real one below,
// a fake in the unit tests (testing/fake-media.ts).

import { t } from '../i18n';
import { blackVideoTrack, silentAudioTrack } from './placeholder';
import { speakerSelectable } from './speaker';

export interface MediaEnv {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** Calls `listener` when a device is plugged in or out; returns the unsubscribe. */
  onDeviceChange(listener: () => void): () => void;
  newStream(tracks: MediaStreamTrack[]): MediaStream;
  videoPlaceholder(): MediaStreamTrack;
  audioPlaceholder(): MediaStreamTrack | null;
  /** Whether an output device can be chosen (setSinkId). */
  speakerSelectable(): boolean;
}

export function browserMediaEnv(): MediaEnv {
  const devices = (): MediaDevices => {
    // Absent outside a secure context (plain http on a LAN address): say so in words.
    if (!navigator.mediaDevices) throw new DOMException(t('media.error.insecure'), 'NotSupportedError');
    return navigator.mediaDevices;
  };
  return {
    getUserMedia: async (constraints) => devices().getUserMedia(constraints),
    enumerateDevices: async () => (navigator.mediaDevices ? navigator.mediaDevices.enumerateDevices() : []),
    onDeviceChange(listener) {
      const md = navigator.mediaDevices;
      if (!md) return () => {};
      md.addEventListener('devicechange', listener);
      return () => md.removeEventListener('devicechange', listener);
    },
    newStream: (tracks) => new MediaStream(tracks),
    videoPlaceholder: () => blackVideoTrack(),
    audioPlaceholder: () => silentAudioTrack(),
    speakerSelectable,
  };
}
