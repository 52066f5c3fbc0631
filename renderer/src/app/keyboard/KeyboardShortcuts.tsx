// The chat screen's own global shortcuts: open the Nth conversation of the list (Ctrl/Cmd+1…9),
// the previous / next one (Alt+Up / Alt+Down), and the shortcuts sheet (Ctrl/Cmd+/). Mounted
// once in ChatScreen; the other global shortcuts belong to the parts they act on (search box,
// call cards, call controls).

import { Suspense, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import { conversationRef } from '../../contract';
import { selectSortedConversations } from '../../store/selectors';
import { lazyNamed } from '../common/lazy';
import { holdTypingFor } from '../conversation/typing-across-switch';
import { useShortcut } from './shortcut-registry';
import './focus.css';

// Its own chunk, fetched the first time it is opened (the chat screen's first paint does without it).
const ShortcutsSheet = lazyNamed(() => import('./ShortcutsSheet').then((m) => m.ShortcutsSheet));

export function KeyboardShortcuts() {
  const client = useClient();
  const [sheetOpen, setSheetOpen] = useState(false);

  // The list as the sidebar shows it (pinned first, then newest; the account filter applied).
  const listRefs = () => selectSortedConversations(client.store.getState()).map((c) => conversationRef(c.accountId, c.id));
  const open = (ref: string | undefined) => {
    if (!ref) return;
    // Keys typed on until the next conversation shows go to its composer, not this one's.
    // The open being over ends this switch's hold only: a later switch's is not ours to end.
    const release = ref !== client.store.getState().openConversationRef ? holdTypingFor(ref) : () => undefined;
    void client.openConversation(ref).finally(release);
  };
  const step = (by: 1 | -1) => {
    const refs = listRefs();
    const current = client.store.getState().openConversationRef;
    const i = current ? refs.indexOf(current) : -1;
    open(i < 0 ? refs[0] : refs[i + by]);
  };

  useShortcut('openConversation', (digit) => open(listRefs()[digit - 1]));
  useShortcut('previousConversation', () => step(-1));
  useShortcut('nextConversation', () => step(1));
  useShortcut('showShortcuts', () => setSheetOpen(true));

  return sheetOpen ? (
    <Suspense fallback={null}>
      <ShortcutsSheet onClose={() => setSheetOpen(false)} />
    </Suspense>
  ) : null;
}
