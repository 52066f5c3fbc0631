// The unread total in the window title and the tab's icon (the browser host's badge), kept
// off the message path. It used to be an effect at the app's root, fed by a selector there:
// every change of the count re-rendered the whole app. And while a conversation is open, a
// message that arrives counts as unread (1) until it is marked read (0) a moment later:
// setting the title and drawing the icon twice per message cost ~5 ms of each message's
// path (profiled, B6). Now a store subscription notes that the count changed and looks again
// SETTLE_MS later: the title and the icon change only if the count then differs from what
// they show, so a message read as it arrives touches neither, and a burst updates them a few
// times a second at most.

import { subscribeLanguage, t } from '../i18n';
import { showUnreadInFavicon } from '../host/favicon';
import type { ParleyState, ParleyStore } from '../store';

const unreadTotal = (s: ParleyState) => s.unread?.total ?? 0;

/** How long a change of the count is left to settle before it is shown (well under what anyone would notice in a tab title). */
export const SETTLE_MS = 250;

/** Keeps `doc`'s title and icon on the store's unread total from now on; returns the stop. */
export function showUnreadInTitle(store: ParleyStore, doc: Document): () => void {
  let shownCount: number | null = null;
  let shownTitle = '';
  let scheduled: (() => void) | null = null;

  const show = () => {
    scheduled = null;
    const count = unreadTotal(store.getState());
    const title = count > 0 ? `(${count}) ${t('app.name')}` : t('app.name');
    if (title !== shownTitle) doc.title = shownTitle = title;
    if (count !== shownCount) {
      shownCount = count;
      showUnreadInFavicon(doc, count);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    const id = setTimeout(show, SETTLE_MS);
    scheduled = () => clearTimeout(id);
  };

  show();
  const unsubscribe = store.subscribe((state, previous) => {
    if (unreadTotal(state) !== unreadTotal(previous)) schedule();
  });
  const unsubscribeLanguage = subscribeLanguage(schedule);
  return () => {
    unsubscribe();
    unsubscribeLanguage();
    scheduled?.();
    scheduled = null;
  };
}
