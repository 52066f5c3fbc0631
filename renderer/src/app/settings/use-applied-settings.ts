// Follows the settings the page itself acts on: the theme and text size (appearance.ts) and
// the media devices calls start with. Main's copy is the truth; this applies it at start and
// on every `settings.changed` (this window's settings, another window's, the tray's).
// Called once, in App.

import { useEffect } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { Settings } from '../../contract';
import { applyAppearance } from './appearance';

type DeviceKey = 'microphoneId' | 'cameraId' | 'speakerId';
const DEVICE_KINDS: ReadonlyArray<[DeviceKey, 'microphone' | 'camera' | 'speaker']> = [
  ['microphoneId', 'microphone'],
  ['cameraId', 'camera'],
  ['speakerId', 'speaker'],
];

/** The chosen devices become the call session's selection (a call running now switches too). */
async function applyDevices(settings: Settings): Promise<void> {
  // Loaded only when a device was chosen: the call code stays out of the first screen's chunk.
  const { callActions, callsStore } = await import('../../calls');
  const selected = callsStore().getState().devices.selected;
  for (const [key, kind] of DEVICE_KINDS) {
    const id = settings[key];
    if (id === (selected[kind] ?? '')) continue;
    if (id) await callActions().selectDevice(kind, id);
    // selectDevice does nothing before the session starts: set the selection it will start with.
    callsStore().setState((s) => ({ devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: id || undefined } } }));
  }
}

export function useAppliedSettings(): void {
  const client = useClient();
  useEffect(() => {
    let live = true;
    let stopFollowing = () => {};
    let shown = '';
    let devices = '';
    const follow = (settings: Settings) => {
      if (!live) return;
      const appearance = { theme: settings.theme, textSize: settings.textSize };
      if (JSON.stringify(appearance) !== shown) {
        shown = JSON.stringify(appearance);
        stopFollowing();
        stopFollowing = applyAppearance(window, appearance);
      }
      const chosen = DEVICE_KINDS.map(([key]) => settings[key]).join('\n');
      if (chosen !== devices && (devices !== '' || chosen.trim() !== '')) void applyDevices(settings);
      devices = chosen;
    };
    const stop = client.onSettingsChanged(follow);
    void client.getSettings().then((r) => r.ok && follow(r.value));
    return () => {
      live = false;
      stop();
      stopFollowing();
    };
  }, [client]);
}
