// The screens' one door to the call session (renderer/src/calls/): its state and actions.
// The React hook lives here, not in src/calls/, which stays free of React like the rest of
// the client outside src/app/ (its tests run without a DOM).
import { useStore } from 'zustand';
import { callsStore } from '../../calls';
import type { CallsState } from '../../calls/types';

export { applySpeaker, callActions, initCalls } from '../../calls';
export type { CallActions, CallsState, RemoteMedia } from '../../calls/types';

/** A slice of this window's call state (the selector must return a stable value). */
export function useCalls<T>(selector: (state: CallsState) => T): T {
  return useStore(callsStore(), selector);
}
