// The browser host's access key, after the first load: what the page does when it has none,
// when the host no longer takes it, and when the user brings a new link into the same tab.
//
// - No key (the bare address, a new tab, a bookmark): nothing can work, so instead of a
//   sign-in form that can only fail, a screen says where the link is ('missing').
// - A key the host refuses: the host answers HTTP but closes the IPC socket, which is what a
//   host started again (with a new key) does to a tab from its previous run ('stale'). A
//   host that is not running at all does not answer HTTP either: that stays the app's own
//   "offline" state, and the tab reconnects when the same host comes back.
// - A new link pasted into the tab changes only the fragment: no reload happens by itself.
//   The page reads the key from `hashchange` / `popstate`, stores it for the tab, removes it
//   from the address bar (history.replaceState) and reloads, so the app starts over with it.
//
// The screens themselves (app/access/AccessKeyScreen.tsx) load only when one is needed.

export type AccessProblem = 'missing' | 'stale';

const KEY_FRAGMENT = /^#k=([A-Za-z0-9_-]+)$/;

type KeyWindow = Pick<Window, 'location' | 'history' | 'sessionStorage' | 'addEventListener'>;

/** The key a `#k=...` fragment carries, or null. */
export function keyInFragment(hash: string): string | null {
  return KEY_FRAGMENT.exec(hash)?.[1] ?? null;
}

/**
 * Follows links brought into this tab later: a new key is stored and the page reloads with
 * it; the same key is only taken out of the address bar. `store` saves the key for the tab.
 */
export function watchForNewKeys(win: KeyWindow, current: string | null, store: (key: string) => void): void {
  const check = () => {
    const key = keyInFragment(win.location.hash);
    if (!key) return;
    store(key);
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    // The same key again (the link opened twice) needs nothing more, unless a screen said it was refused.
    if (key !== current || shown !== null) win.location.reload();
  };
  win.addEventListener('hashchange', check);
  win.addEventListener('popstate', check);
}

let shown: AccessProblem | null = null;

/** Shows the screen for a problem (once: a refused key does not flicker between screens). */
export function reportAccessProblem(problem: AccessProblem): void {
  if (shown !== null) return;
  shown = problem;
  void import('../app/access/AccessKeyScreen').then(({ showAccessKeyScreen }) => showAccessKeyScreen(problem));
}

/** For tests. */
export function accessProblemShown(): AccessProblem | null {
  return shown;
}

/**
 * Is the host up? It answers HTTP for any page of its origin. Asked only after the IPC socket
 * closed without ever opening: then an answer means the host refused the key.
 */
export async function hostAnswers(fetchFn: typeof fetch = fetch): Promise<boolean> {
  try {
    const res = await fetchFn('/', { method: 'HEAD', cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}
