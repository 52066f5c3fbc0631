// The speaker choice: Chromium routes a media element's sound with setSinkId; browsers
// without it play on the system's default output (the device list then offers no speakers).

type SinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };

export function speakerSelectable(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && typeof (HTMLMediaElement.prototype as SinkElement).setSinkId === 'function';
}

/** Plays `element` on the chosen output ('' or undefined: the default). Never throws: a vanished device keeps the old output. */
export async function applySpeaker(element: HTMLMediaElement, deviceId: string | undefined): Promise<void> {
  const el = element as SinkElement;
  if (typeof el.setSinkId !== 'function') return;
  try {
    await el.setSinkId(deviceId ?? '');
  } catch (error) {
    console.warn('[parley] speaker not applied', error);
  }
}
