// Derived views of the store. Memoised on their inputs so that React's
// useSyncExternalStore sees a stable value while nothing changed.

import type { AccountStatus, Conversation } from '../contract';
import type { ParleyState, Thread } from './index';

export function compareByActivity(a: Conversation, b: Conversation): number {
  return (
    b.lastActivityAt - a.lastActivityAt ||
    (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

let lastByRef: ParleyState['conversationsByRef'] | null = null;
let lastFilter: string | null = null;
let lastSorted: Conversation[] = [];

/** Pinned conversations stay on top (newest first among them), then everything else by activity. */
export function compareForList(a: Conversation, b: Conversation): number {
  return Number(b.pinned) - Number(a.pinned) || compareByActivity(a, b);
}

/** The unified list: every signed-in account's conversations (or the filtered account's), pinned first, then newest activity first. */
export function selectSortedConversations(state: ParleyState): Conversation[] {
  if (state.conversationsByRef !== lastByRef || state.accountFilter !== lastFilter) {
    lastByRef = state.conversationsByRef;
    lastFilter = state.accountFilter;
    const all = Object.values(state.conversationsByRef);
    lastSorted = (lastFilter ? all.filter((c) => c.accountId === lastFilter) : all).sort(compareForList);
  }
  return lastSorted;
}

export const selectOpenConversation = (state: ParleyState): Conversation | null =>
  state.openConversationRef ? (state.conversationsByRef[state.openConversationRef] ?? null) : null;

export const selectThread =
  (ref: string) =>
  (state: ParleyState): Thread | undefined =>
    state.threads[ref];

export const selectAccountStatus =
  (accountId: string) =>
  (state: ParleyState): AccountStatus | undefined =>
    state.accounts[accountId];

let lastAccounts: ParleyState['accounts'] | null = null;
let lastOrder: string[] | null = null;
let lastList: AccountStatus[] = [];

/** Signed-in accounts in the order they were added. */
export function selectAccountList(state: ParleyState): AccountStatus[] {
  if (state.accounts !== lastAccounts || state.accountOrder !== lastOrder) {
    lastAccounts = state.accounts;
    lastOrder = state.accountOrder;
    lastList = state.accountOrder.map((id) => state.accounts[id]).filter((s): s is AccountStatus => s !== undefined);
  }
  return lastList;
}

/** The protocol's product name ("Netalo", "talker") for an account's badge. */
export const selectProtocolLabel =
  (protocol: string) =>
  (state: ParleyState): string =>
    state.protocols.find((p) => p.protocol === protocol)?.label ?? protocol;

/**
 * Whether the list's accounts (the filtered one, else all) still wait for their server's
 * first page this run: an empty list then is not known to be empty, and saying "no
 * conversations" would be wrong (a first start in a new profile, or a slow server).
 */
export function selectListPending(state: ParleyState): boolean {
  return listAccounts(state).some((id) => awaitingList(state, id));
}

/** A pending list (selectListPending) whose request failed and is being asked again: the list says so instead of "Loading". */
export function selectListRetrying(state: ParleyState): boolean {
  return listAccounts(state).some((id) => awaitingList(state, id) && state.listRetrying[id]);
}

/** The accounts whose rows the list shows: the filtered one, or all. */
const listAccounts = (state: ParleyState): readonly string[] => (state.accountFilter ? [state.accountFilter] : state.accountOrder);

/** Online, and its list not yet synced in this run. */
const awaitingList = (state: ParleyState, id: string): boolean => state.accounts[id]?.connection === 'online' && !state.syncedThisRun[id];
