// The microphones, cameras and speakers present. Browsers name them only once the page may
// use a device (after the first getUserMedia); before that they get numbered names.

import type { MediaEnv } from './media-env';
import type { CallDevices, DeviceChoice } from './types';

export async function listDevices(env: MediaEnv): Promise<Omit<CallDevices, 'selected'>> {
  let all: MediaDeviceInfo[] = [];
  try {
    all = await env.enumerateDevices();
  } catch {
    // No device list (an odd browser): the menus stay empty and the defaults are used.
  }
  const pick = (kind: MediaDeviceKind, name: string): DeviceChoice[] =>
    all
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${name} ${i + 1}` }));
  return {
    microphones: pick('audioinput', 'Microphone'),
    cameras: pick('videoinput', 'Camera'),
    speakers: env.speakerSelectable() ? pick('audiooutput', 'Speaker') : [],
  };
}
