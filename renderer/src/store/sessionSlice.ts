// Who is signed in, how the connection is, and how fresh the data on screen is.

import type { StateCreator } from 'zustand';
import type { Account, Capabilities, ConnectionState, ParleyApi, SessionInfo } from '../contract';
import type { ParleyState } from './index';

/** starting: waiting for `session.get` (local, no network); the rest follow the account. */
export type SessionPhase = 'starting' | 'signed-out' | 'signed-in';
/** none: nothing shown yet; cache: the list is from Dexie; live: synced with the server at least once. */
export type DataState = 'none' | 'cache' | 'live';

export interface SessionSlice {
  /** The host's `window.parley` (or its WebSocket twin). Fixed for the store's lifetime. */
  api: ParleyApi;
  phase: SessionPhase;
  defaultServerUrl: string;
  account: Account | null;
  connection: ConnectionState;
  connectionDetail: string | null;
  capabilities: Capabilities | null;
  /** Why the session ended without the user asking; shown on the sign-in screen. */
  sessionEndedNotice: string | null;
  dataState: DataState;
  lastSyncedAt: number | null;

  setSession(info: SessionInfo): void;
  setConnection(state: ConnectionState, detail?: string): void;
  endSession(notice: string | null): void;
  setDataState(state: DataState): void;
  setLastSyncedAt(at: number | null): void;
}

export const createSessionSlice =
  (api: ParleyApi): StateCreator<ParleyState, [], [], SessionSlice> =>
  (set) => ({
    api,
    phase: 'starting',
    defaultServerUrl: '',
    account: null,
    connection: 'connecting',
    connectionDetail: null,
    capabilities: null,
    sessionEndedNotice: null,
    dataState: 'none',
    lastSyncedAt: null,

    setSession: (info) =>
      set((s) => ({
        phase: info.account ? 'signed-in' : 'signed-out',
        defaultServerUrl: info.defaultServerUrl,
        account: info.account,
        connection: info.connection,
        connectionDetail: null,
        capabilities: info.capabilities,
        sessionEndedNotice: info.account ? null : s.sessionEndedNotice,
        dataState: info.account?.id === s.account?.id ? s.dataState : 'none',
      })),
    setConnection: (state, detail) => set({ connection: state, connectionDetail: detail ?? null }),
    endSession: (notice) =>
      set({
        phase: 'signed-out',
        account: null,
        capabilities: null,
        connection: 'signed-out',
        sessionEndedNotice: notice,
        dataState: 'none',
        lastSyncedAt: null,
      }),
    // 'live' is sticky for the session: going offline later does not make the data older than cache.
    setDataState: (state) => set((s) => (s.dataState === 'live' && state === 'cache' ? s : { dataState: state })),
    setLastSyncedAt: (at) => set({ lastSyncedAt: at }),
  });
