// The call session's door for the screens (renderer/src/app/calls/). One session per window:
//
//   initCalls(api)        once, when the chat screen mounts (idempotent; returns the actions).
//                         The api is the host's (`await getParleyApi()` from ../host).
//   callActions()         the CallActions (stable object; usable before initCalls, it then
//                         answers "not ready" / does nothing).
//   callsStore()          the vanilla store itself (dev screenshots and tests set state on it).
//   applySpeaker(el, id)  routes a <video>/<audio> element to `devices.selected.speaker`
//                         where the browser can (setSinkId); a no-op elsewhere.
//   stopCalls()           stops every track and unsubscribes (sign-out of the window, tests).
//
// What the state means (types.ts):
// - `calls`: every Call main told this window about, by callKey. An ended call stays until
//   `dismiss(key)`; a group call that ended for me but runs on (`ongoing`) stays after
//   dismiss too (the header's "Join" needs it), until main says it is over.
// - `heldKey`: the call whose media this window holds (started or accepted here). It stays
//   set after the call ends, so the ending screen can show; `dismiss` clears it.
// - `local.stream`: a new MediaStream object on every track change (camera on/off, device
//   switch), holding the microphone and the camera (or the black placeholder): put it on the
//   muted `local-preview` <video>. Null when no call media runs.
// - `remotes[userId]`: each peer's received stream and connection. In a 1:1 call a failed
//   peer (ICE failed, or disconnected > 10 s) hangs up with reason 'failed'. In a group call
//   a failed peer is only shown failed (its participant may just have vanished: the server
//   removes them after its grace period); the session hangs up once no peer is left connecting
//   or connected.

import type { StoreApi } from 'zustand/vanilla';
import type { ParleyApi } from '../contract';
import { t } from '../i18n';
import { CallSession, type CallSessionOptions } from './session';
import { createCallsStore } from './store';
import type { CallActions, CallsState } from './types';

export type { CallActions, CallDevices, CallsState, DeviceChoice, LocalMedia, PeerConnectionState, RemoteMedia } from './types';
export { callKey } from './types';
export { applySpeaker } from './speaker';

const store = createCallsStore();
let session: CallSession | null = null;

/** Starts this window's call session (once); later calls return the same actions. */
export function initCalls(api: ParleyApi, options: Partial<Omit<CallSessionOptions, 'api' | 'store'>> = {}): CallActions {
  if (!session) {
    session = new CallSession({ ...options, api, store });
    session.attach();
  }
  return actions;
}

/** Stops the session: every local track, every peer, every subscription. */
export function stopCalls(): void {
  session?.detach();
  session = null;
}

export function callsStore(): StoreApi<CallsState> {
  return store;
}

export function callActions(): CallActions {
  return actions;
}

const notReady = (): { ok: false; message: string } => ({ ok: false, message: t('call.error.notReady') });

// Stable, so components may keep it; each method reaches the session running now.
const actions: CallActions = {
  start: (accountId, conversationId, media) => session?.start(accountId, conversationId, media) ?? Promise.resolve(notReady()),
  accept: (key, media) => session?.accept(key, media) ?? Promise.resolve(notReady()),
  decline: (key) => session?.decline(key) ?? Promise.resolve(),
  hangup: (key) => session?.hangup(key) ?? Promise.resolve(),
  setMicMuted: (muted) => session?.setMicMuted(muted) ?? Promise.resolve(),
  setCameraOn: (on) => session?.setCameraOn(on) ?? Promise.resolve(),
  requestVideo: (key) => session?.requestVideo(key) ?? Promise.resolve(),
  selectDevice: (kind, deviceId) => session?.selectDevice(kind, deviceId) ?? Promise.resolve(),
  dismiss: (key) => session?.dismiss(key),
  prepare: () => session?.prepare(),
};
