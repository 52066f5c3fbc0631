// A reload (or the next start) reopens the conversation that was open. The open one is
// remembered per device (localStorage: a view preference, like drafts), and reopened once
// the list has it: from the cache at once, or after the account's refresh. A conversation
// that is gone (left, signed out) is simply not reopened.

import { useEffect, useRef, useState } from 'react';
import { useClient, useParley } from '../client/ClientProvider';
import { EARLY_CHOICE_EVENT } from './early-list';

export const OPEN_CONVERSATION_KEY = 'parley.openConversation.v1';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function useReopenConversation(): void {
  const client = useClient();
  const openRef = useParley((s) => s.openConversationRef);
  /** The conversation to reopen, until it is reopened or the user opens another. */
  const pending = useRef<string | null | undefined>(undefined);
  if (pending.current === undefined) pending.current = storage()?.getItem(OPEN_CONVERSATION_KEY) ?? null;
  // A row painted before React, clicked while this screen's list waits for its first page
  // (ConversationList.tsx keeps those rows): that conversation, once the list has it.
  const [, chosen] = useState(0);
  useEffect(() => {
    const choose = (event: Event) => {
      const ref = (event as CustomEvent<unknown>).detail;
      if (typeof ref !== 'string') return;
      pending.current = ref;
      chosen((n) => n + 1);
    };
    window.addEventListener(EARLY_CHOICE_EVENT, choose);
    return () => window.removeEventListener(EARLY_CHOICE_EVENT, choose);
  }, []);
  const listed = useParley((s) => (pending.current ? s.conversationsByRef[pending.current] !== undefined : false));

  useEffect(() => {
    const ref = pending.current;
    if (!ref || !listed || openRef) return;
    pending.current = null;
    void client.openConversation(ref);
  }, [client, listed, openRef]);

  useEffect(() => {
    // Nothing open yet at start is not a choice: keep the remembered one until it is reopened.
    if (!openRef && pending.current) return;
    if (openRef) pending.current = null;
    try {
      if (openRef) storage()?.setItem(OPEN_CONVERSATION_KEY, openRef);
      else storage()?.removeItem(OPEN_CONVERSATION_KEY);
    } catch {
      // Storage full or refused: the next start opens none.
    }
  }, [openRef]);
}
