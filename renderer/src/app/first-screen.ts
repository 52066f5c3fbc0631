import { forgetRows } from './sidebar/remembered-rows';

// Which screen the last start showed (chat or sign-in), remembered on this device so that
// the next start fetches that screen's chunk at once, while the host connection and the
// session are still on their way, instead of after `session.get` answers.
const KEY = 'parley.firstScreen';

export type FirstScreen = 'chat' | 'signin';

export function rememberFirstScreen(screen: FirstScreen): void {
  try {
    if (localStorage.getItem(KEY) !== screen) localStorage.setItem(KEY, screen);
  } catch {
    // Storage off (a locked-down profile): every start just fetches it a little later.
  }
}

export function lastFirstScreen(): FirstScreen | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'chat' || value === 'signin' ? value : null;
  } catch {
    return null;
  }
}

// What the rows painted before React need from the last start (sidebar/early-rows.ts): the
// accounts it showed (their cached conversations are the list; nothing more private than IDs
// and names, and it follows every sign-in and sign-out), and how far down the sidebar the
// list began, so that the rows sit where the chat screen's list will put them.
const LIST_KEY = 'parley.firstScreen.list';

export interface RememberedAccount {
  id: string;
  userId: string;
  /** The account's badge on its rows ("alice · Netalo"): used when more than one account is signed in. */
  label: string;
}

export interface RememberedList {
  accounts: RememberedAccount[];
  /** The list's top edge, in px from the top of the sidebar. */
  top: number;
}

export function rememberList(list: RememberedList): void {
  try {
    const value = JSON.stringify(list);
    if (localStorage.getItem(LIST_KEY) !== value) localStorage.setItem(LIST_KEY, value);
  } catch {
    // Storage off: the next start paints its rows a little later, from the server's answer or React.
  }
}

/** Signed out everywhere: no rows to paint at the next start. */
export function forgetList(): void {
  // The kept rows too: no preview of a signed-out account is painted at the next start.
  forgetRows();
  try {
    localStorage.removeItem(LIST_KEY);
  } catch {
    // Storage off: nothing was remembered.
  }
}

export function lastList(): RememberedList | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(LIST_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { accounts, top } = value as Partial<RememberedList>;
    if (!Array.isArray(accounts) || typeof top !== 'number' || !Number.isFinite(top)) return null;
    const valid = accounts.every((a: Partial<RememberedAccount>) => typeof a?.id === 'string' && typeof a.userId === 'string' && typeof a.label === 'string');
    return valid ? { accounts, top } : null;
  } catch {
    return null;
  }
}
