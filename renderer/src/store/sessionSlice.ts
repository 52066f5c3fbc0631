// Who is signed in (every account, each with its own connection), what can be signed in
// to, why a session ended, and how fresh the data on screen is. Changed only through
// `applyBatch` (batch.ts), except for dismissing a notice.

import type { StateCreator } from 'zustand';
import type { Account, AccountStatus, ParleyApi, ProtocolInfo } from '../contract';
import type { ParleyState } from './index';

/** starting: waiting for `session.get` (local, no network); signed-out: no account left; signed-in: one or more. */
export type SessionPhase = 'starting' | 'signed-out' | 'signed-in';
/** none: nothing shown yet; cache: the list is from Dexie; live: every online account has synced at least once. */
export type DataState = 'none' | 'cache' | 'live';

/** An account whose session ended without the user asking (expired, or signed in elsewhere). */
export interface SessionEndedNotice {
  accountId: string;
  /** Who it was, when this run knew the account (for "sign in again" and the banner). */
  account: Account | null;
  reason: 'expired' | 'conflict';
  /** main's words for the user. */
  message: string;
}

export interface UnreadTotals {
  total: number;
  byAccount: Record<string, number>;
}

export interface AccountsState {
  phase: SessionPhase;
  protocols: ProtocolInfo[];
  /** Signed-in accounts by ID, each with its connection, detail and capabilities. */
  accounts: Record<string, AccountStatus>;
  /** The order main lists them in (the order they were added). */
  accountOrder: string[];
  /** Every account this run has seen, signed in or not: names the notices of ended sessions. */
  knownAccounts: Record<string, Account>;
  /** Oldest first, one per account. */
  sessionEndedNotices: SessionEndedNotice[];
  /** `session.get` itself failed (e.g. a browser tab opened without the host's key). */
  startError: string | null;
}

export interface SessionSlice extends AccountsState {
  /** The host's `window.parley` (or its WebSocket twin). Fixed for the store's lifetime. */
  api: ParleyApi;
  dataState: DataState;
  /** The account list from the cache has been shown (set once, at start). */
  cacheShown: boolean;
  /** Per account: the last time it synced with its server on this device. */
  lastSyncedAt: Record<string, number>;
  /** Accounts that synced with their server at least once in this run. */
  syncedThisRun: Record<string, true>;
  /** Online accounts whose last list request failed: asked again shortly (sync.ts, LIST_RETRY_MS). */
  listRetrying: Record<string, true>;
  /** Main's unread totals (muted conversations left out); null until main first sends them. */
  unread: UnreadTotals | null;

  dismissSessionNotice(accountId: string): void;
}

export const createSessionSlice =
  (api: ParleyApi): StateCreator<ParleyState, [], [], SessionSlice> =>
  (set) => ({
    api,
    phase: 'starting',
    protocols: [],
    accounts: {},
    accountOrder: [],
    knownAccounts: {},
    sessionEndedNotices: [],
    startError: null,
    dataState: 'none',
    cacheShown: false,
    lastSyncedAt: {},
    syncedThisRun: {},
    listRetrying: {},
    unread: null,
    dismissSessionNotice: (accountId) =>
      set((s) => ({ sessionEndedNotices: s.sessionEndedNotices.filter((n) => n.accountId !== accountId) })),
  });
