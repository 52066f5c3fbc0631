// This window's calls, apart from the main ParleyStore: calls change many times a second
// (connection states, streams) and concern one screen layer, not the cached chat data.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallsState, LocalMedia } from './types';

export type CallsStore = StoreApi<CallsState>;

export const idleLocal: LocalMedia = { stream: null, audioMuted: false, videoOn: false };

export function initialCallsState(): CallsState {
  return {
    calls: {},
    heldKey: null,
    local: idleLocal,
    remotes: {},
    devices: { microphones: [], cameras: [], speakers: [], selected: {} },
  };
}

export function createCallsStore(): CallsStore {
  return createStore<CallsState>()(() => initialCallsState());
}
