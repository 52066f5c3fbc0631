// Keeps the list's first screen in localStorage for the next start (remembered-rows.ts),
// following the store. A burst of messages changes the list many times a second, so the
// rows are written at most every few seconds, while the page is idle, and once more when the
// page goes away. What must not outlive the moment is written at once: an account signed out
// or removed, or a kept row's conversation gone from the list (forgotten or deleted), so
// that no such row (nor its preview) is painted at the next start.

import type { StoreApi } from 'zustand/vanilla';
import { conversationRef } from '../../contract';
import type { ParleyState } from '../../store';
import { compareForList } from '../../store/selectors';
import { MAX_ROWS, saveRows } from './remembered-rows';

/** At most one write per this long during a burst. */
export const WRITE_EVERY_MS = 3_000;

interface Options {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  win?: Pick<Window, 'addEventListener' | 'removeEventListener'> & Partial<Pick<Window, 'requestIdleCallback' | 'cancelIdleCallback'>>;
  now?: () => number;
}

/** Starts following the store; returns the function that stops it. */
export function keepRowsRemembered(store: Pick<StoreApi<ParleyState>, 'getState' | 'subscribe'>, options: Options = {}): () => void {
  const win = options.win ?? (typeof window === 'undefined' ? undefined : window);
  const now = options.now ?? Date.now;
  let kept = new Set<string>();
  let seenAccounts: string | null = accountsKey(store.getState()) || null;
  let lastWrite = -Infinity;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;

  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) win?.cancelIdleCallback?.(idle);
    timer = idle = undefined;
  };
  const write = () => {
    cancel();
    dirty = false;
    lastWrite = now();
    const state = store.getState();
    const accounts = state.accountOrder.filter((id) => state.accounts[id]);
    // Still loading the list: nothing to keep yet (signed out everywhere: nothing kept at all).
    if (state.dataState === 'none' && accounts.length > 0) return;
    // Every account's rows, as the unfiltered list sorts them: the early rows paint all accounts.
    // (Only signed-in accounts': a signed-out account's rows may still be in the store a moment.)
    const signedIn = new Set(accounts);
    const sorted = Object.values(state.conversationsByRef)
      .filter((c) => signedIn.has(c.accountId))
      .sort(compareForList)
      .slice(0, MAX_ROWS + 1);
    saveRows(sorted, accounts, options.storage);
    kept = new Set(sorted.slice(0, MAX_ROWS).map((c) => conversationRef(c.accountId, c.id)));
  };
  const schedule = () => {
    dirty = true;
    if (timer !== undefined || idle !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (win?.requestIdleCallback) idle = win.requestIdleCallback(write, { timeout: 2_000 });
        else write();
      },
      Math.max(0, lastWrite + WRITE_EVERY_MS - now()),
    );
  };
  const unsubscribe = store.subscribe((state, previous) => {
    // Accounts changing after they were first known (a sign-out, a removal, a sign-in) is
    // written at once; their first appearance at the start waits like any other change,
    // off the start's path.
    const key = accountsKey(state);
    const accountsChanged = seenAccounts !== null && key !== seenAccounts;
    if (key !== '' || seenAccounts !== null) seenAccounts = key;
    if (state.dataState === 'none' && !accountsChanged) return;
    if (accountsChanged || (state.conversationsByRef !== previous.conversationsByRef && lostKept(state, kept))) write();
    else if (state.conversationsByRef !== previous.conversationsByRef || state.dataState !== previous.dataState) schedule();
  });
  const flush = () => {
    if (dirty) write();
  };
  const onHidden = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') flush();
  };
  win?.addEventListener('pagehide', flush);
  win?.addEventListener('visibilitychange', onHidden);
  // The list as it is now (the cache's, or synced): the next start's rows from here on.
  if (store.getState().dataState !== 'none') schedule();
  return () => {
    unsubscribe();
    cancel();
    win?.removeEventListener('pagehide', flush);
    win?.removeEventListener('visibilitychange', onHidden);
  };
}

function accountsKey(state: ParleyState): string {
  return state.accountOrder.filter((id) => state.accounts[id]).join('\n');
}

/** A kept row's conversation is no longer in the list. */
function lostKept(state: ParleyState, kept: ReadonlySet<string>): boolean {
  for (const ref of kept) if (!(ref in state.conversationsByRef)) return true;
  return false;
}
