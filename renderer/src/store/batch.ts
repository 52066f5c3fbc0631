// One batch of changes → one store update. Everything main reported in a batch (and
// everything written to the cache for it) reaches the store in a single `set`, so a burst
// of 2,000 messages costs React one render, not 2,000. Pure functions: the pipeline
// (sync/pipeline.ts) previews the account changes with the same reducer before applying.

import {
  conversationRef,
  parseConversationRef,
  type AccountStatus,
  type ConnectionState,
  type Conversation,
  type Presence,
  type ProtocolInfo,
  type TypingState,
  type User,
} from '../contract';
import type { StoredMessage } from '../db/database';
import type { WriteResult } from '../db/writer';
import type { ParleyState } from './index';
import { mergeRows, type Thread } from './messagesSlice';
import type { AccountsState, DataState, SessionEndedNotice, UnreadTotals } from './sessionSlice';
import { userRef } from './activitySlice';
import { historyOf, holdBackBelow, trimLive } from './historySlice';
import type { UiState } from './uiSlice';

/** A change to the set of accounts or to one of them, in main's order. */
export type AccountOp =
  /** `session.get`'s answer: the full picture at start (or its failure). */
  | { type: 'session'; protocols: ProtocolInfo[]; accounts: AccountStatus[]; error?: string }
  /** `accounts.changed`: the full set now. */
  | { type: 'accounts'; accounts: AccountStatus[] }
  /** A sign-in or sign-up answered. */
  | { type: 'added'; status: AccountStatus }
  /** A sign-out answered. */
  | { type: 'removed'; accountId: string }
  | { type: 'connection'; accountId: string; state: ConnectionState; detail?: string }
  | { type: 'ended'; accountId: string; reason: 'expired' | 'conflict'; message: string };

export interface StoreBatch {
  accountOps?: readonly AccountOp[];
  /** What the cache writer wrote for this batch, rows as Dexie now holds them. */
  written?: WriteResult;
  /** Threads being shown: rows read from the cache (or already shown ones). */
  threads?: ReadonlyArray<{ ref: string; rows: readonly StoredMessage[] }>;
  unread?: UnreadTotals;
  typing?: readonly TypingState[];
  presence?: readonly Presence[];
  /** People `users.get` described (names for members, senders, system lines). */
  users?: ReadonlyArray<{ accountId: string; user: User }>;
  /** The cached list has been shown: from now on the list is 'cache' at least. */
  cacheShown?: boolean;
  ui?: Partial<UiState>;
}

function accountsPart(s: AccountsState): AccountsState {
  return {
    phase: s.phase,
    protocols: s.protocols,
    accounts: s.accounts,
    accountOrder: s.accountOrder,
    knownAccounts: s.knownAccounts,
    sessionEndedNotices: s.sessionEndedNotices,
    startError: s.startError,
  };
}

/** The account state after `ops`, in order. Pure. */
export function reduceAccounts(state: AccountsState, ops: readonly AccountOp[]): AccountsState {
  let { phase, protocols, startError } = state;
  let accounts = state.accounts;
  let order = state.accountOrder;
  let known = state.knownAccounts;
  let notices = state.sessionEndedNotices;

  const remember = (statuses: readonly AccountStatus[]) => {
    if (statuses.every((s) => known[s.account.id] === s.account)) return;
    known = { ...known };
    for (const s of statuses) known[s.account.id] = s.account;
  };
  const replaceAll = (statuses: readonly AccountStatus[]) => {
    accounts = {};
    for (const s of statuses) accounts[s.account.id] = s;
    order = statuses.map((s) => s.account.id);
    remember(statuses);
    if (notices.some((n) => n.accountId in accounts)) notices = notices.filter((n) => !(n.accountId in accounts));
  };
  const remove = (accountId: string) => {
    if (!(accountId in accounts)) return;
    const { [accountId]: _gone, ...rest } = accounts;
    accounts = rest;
    order = order.filter((id) => id !== accountId);
  };

  for (const op of ops) {
    switch (op.type) {
      case 'session':
        protocols = op.protocols;
        startError = op.error ?? null;
        replaceAll(op.accounts);
        phase = 'signed-out'; // settled below
        break;
      case 'accounts':
        replaceAll(op.accounts);
        break;
      case 'added': {
        const id = op.status.account.id;
        accounts = { ...accounts, [id]: op.status };
        if (!order.includes(id)) order = [...order, id];
        remember([op.status]);
        notices = notices.filter((n) => n.accountId !== id);
        break;
      }
      case 'removed':
        remove(op.accountId);
        break;
      case 'connection': {
        const current = accounts[op.accountId];
        if (!current) break;
        const next: AccountStatus = { ...current, connection: op.state };
        if (op.detail === undefined) delete next.detail;
        else next.detail = op.detail;
        accounts = { ...accounts, [op.accountId]: next };
        break;
      }
      case 'ended': {
        remove(op.accountId);
        const notice: SessionEndedNotice = {
          accountId: op.accountId,
          account: known[op.accountId] ?? null,
          reason: op.reason,
          message: op.message,
        };
        notices = [...notices.filter((n) => n.accountId !== op.accountId), notice];
        break;
      }
    }
  }
  if (phase !== 'starting') phase = order.length > 0 ? 'signed-in' : 'signed-out';
  return { phase, protocols, accounts, accountOrder: order, knownAccounts: known, sessionEndedNotices: notices, startError };
}

export function deriveDataState(
  previous: DataState,
  s: Pick<ParleyState, 'phase' | 'cacheShown' | 'accounts' | 'accountOrder' | 'syncedThisRun'>,
): DataState {
  if (s.phase !== 'signed-in' || !s.cacheShown) return 'none';
  const online = s.accountOrder.filter((id) => s.accounts[id]?.connection === 'online');
  if (!online.every((id) => s.syncedThisRun[id])) return 'cache';
  // Going offline later does not make data that was live older than the cache.
  return online.length > 0 || previous === 'live' ? 'live' : 'cache';
}

/** The state after one batch. Pure; `applyBatch` sets it in one go. */
export function applyStoreBatch(s: ParleyState, b: StoreBatch): Partial<ParleyState> {
  const next: Partial<ParleyState> = {};
  const acc = b.accountOps?.length ? reduceAccounts(accountsPart(s), b.accountOps) : accountsPart(s);
  if (b.accountOps?.length) Object.assign(next, acc);
  const { accounts } = acc;
  const departed = Object.keys(s.accounts).filter((id) => !(id in accounts));
  const signedIn = (accountId: string) => accountId in accounts;
  const w = b.written;

  // Conversations: only signed-in accounts' are shown.
  let conversations = s.conversationsByRef;
  const editConversations = () => {
    if (conversations === s.conversationsByRef) conversations = { ...conversations };
    return conversations;
  };
  if (departed.length > 0) {
    const gone = new Set(departed);
    for (const [ref, c] of Object.entries(conversations)) if (gone.has(c.accountId)) delete editConversations()[ref];
  }
  for (const ref of w?.removedConversations ?? []) if (ref in conversations) delete editConversations()[ref];
  const shownConversations: Conversation[] = [...(w?.loadedConversations ?? []), ...(w?.conversations ?? [])];
  for (const c of shownConversations) {
    if (!signedIn(c.accountId)) continue;
    const ref = conversationRef(c.accountId, c.id);
    if (conversations[ref] !== c) editConversations()[ref] = c;
  }
  if (conversations !== s.conversationsByRef) next.conversationsByRef = conversations;

  // Threads: held only for opened conversations.
  let threads = s.threads;
  const editThreads = () => {
    if (threads === s.threads) threads = { ...threads };
    return threads;
  };
  const removed = new Set(w?.removedConversations ?? []);
  if (departed.length > 0 || removed.size > 0) {
    for (const ref of Object.keys(threads)) {
      if (removed.has(ref) || !signedIn(parseConversationRef(ref).accountId)) delete editThreads()[ref];
    }
  }
  for (const { ref, rows } of b.threads ?? []) {
    if (rows.some((r) => !signedIn(r.accountId))) continue;
    editThreads()[ref] = mergeRows(threads[ref], rows);
  }
  if (w && (w.messages.length > 0 || w.removedMessages.length > 0)) {
    const rowsByRef = new Map<string, StoredMessage[]>();
    for (const row of w.messages) {
      const ref = conversationRef(row.accountId, row.conversationId);
      if (!(ref in threads)) continue;
      let list = rowsByRef.get(ref);
      if (!list) rowsByRef.set(ref, (list = []));
      list.push(row);
    }
    const removedByRef = new Map<string, string[]>();
    for (const { ref, key } of w.removedMessages) {
      if (!(ref in threads)) continue;
      let list = removedByRef.get(ref);
      if (!list) removedByRef.set(ref, (list = []));
      list.push(key);
    }
    for (const ref of new Set([...rowsByRef.keys(), ...removedByRef.keys()])) {
      const thread: Thread = threads[ref]!;
      // A window detached from the newest (historySlice.ts) takes no rows past its end: no gap.
      const held = holdBackBelow(thread, historyOf(s, ref), rowsByRef.get(ref) ?? []);
      if (held.arrivedBelow !== historyOf(s, ref).arrivedBelow) {
        next.history = { ...(next.history ?? s.history), [ref]: { ...historyOf(s, ref), arrivedBelow: held.arrivedBelow } };
      }
      const merged = mergeRows(thread, held.rows, removedByRef.get(ref) ?? []);
      if (merged === thread) continue;
      const trimmed = trimLive(merged, historyOf({ history: next.history ?? s.history }, ref));
      editThreads()[ref] = trimmed?.thread ?? merged;
      if (trimmed) next.history = { ...(next.history ?? s.history), [ref]: trimmed.history };
    }
  }
  if (threads !== s.threads) next.threads = threads;

  // What the user looks at follows the accounts that are left.
  const ui: Partial<UiState> = {};
  const open = s.openConversationRef;
  if (open && (removed.has(open) || !signedIn(parseConversationRef(open).accountId))) ui.openConversationRef = null;
  if (s.accountFilter && !signedIn(s.accountFilter)) ui.accountFilter = null;
  if (acc.phase === 'signed-out') {
    ui.addingAccount = null;
    ui.newConversationOpen = false;
  }
  Object.assign(next, ui, b.ui);

  // Typing and presence.
  // An account that lost its connection hears no "stopped typing": what it showed is stale.
  const disconnected = (b.accountOps ?? []).flatMap((op) => (op.type === 'connection' && op.state !== 'online' ? [op.accountId] : []));
  if (b.typing?.length || departed.length > 0 || disconnected.length > 0) {
    const typing = { ...s.typing };
    for (const id of disconnected) for (const ref of Object.keys(typing)) if (ref.startsWith(`${id}#`)) delete typing[ref];
    for (const t of b.typing ?? []) {
      if (!signedIn(t.accountId)) continue;
      const ref = conversationRef(t.accountId, t.conversationId);
      const users = { ...typing[ref] };
      // Until its expiresAt (main sends the false then; the view also stops showing it itself).
      if (t.typing) users[t.userId] = t.expiresAt ?? Number.POSITIVE_INFINITY;
      else delete users[t.userId];
      if (Object.keys(users).length > 0) typing[ref] = users;
      else delete typing[ref];
    }
    for (const id of departed) for (const ref of Object.keys(typing)) if (ref.startsWith(`${id}#`)) delete typing[ref];
    next.typing = typing;
  }
  if (b.presence?.length || departed.length > 0) {
    const presence = { ...s.presence };
    for (const p of b.presence ?? []) if (signedIn(p.accountId)) presence[userRef(p.accountId, p.userId)] = p;
    if (departed.length > 0) for (const [key, p] of Object.entries(presence)) if (!signedIn(p.accountId)) delete presence[key];
    next.presence = presence;
  }

  if (b.users?.length || departed.length > 0) {
    const users = { ...s.users };
    for (const { accountId, user } of b.users ?? []) if (signedIn(accountId)) users[userRef(accountId, user.id)] = user;
    if (departed.length > 0) {
      for (const key of Object.keys(users)) if (!signedIn(key.slice(0, key.lastIndexOf('#')))) delete users[key];
    }
    next.users = users;
  }

  if (b.unread) next.unread = b.unread;

  // Freshness.
  let syncedThisRun = s.syncedThisRun;
  if (departed.length > 0 || (w && w.synced.length > 0)) {
    syncedThisRun = { ...syncedThisRun };
    for (const id of departed) delete syncedThisRun[id];
    for (const id of w?.synced ?? []) if (signedIn(id)) syncedThisRun[id] = true;
    next.syncedThisRun = syncedThisRun;
  }
  if (w && Object.keys(w.lastSyncedAt).length > 0) next.lastSyncedAt = { ...s.lastSyncedAt, ...w.lastSyncedAt };
  const cacheShown = s.cacheShown || b.cacheShown === true;
  if (cacheShown !== s.cacheShown) next.cacheShown = cacheShown;
  const dataState = deriveDataState(s.dataState, { ...acc, cacheShown, syncedThisRun });
  if (dataState !== s.dataState) next.dataState = dataState;
  return next;
}

/** For tests and callers that hold account statuses: the accounts part of a batch alone. */
export type { AccountsState };
