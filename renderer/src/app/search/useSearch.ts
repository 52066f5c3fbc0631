// The search's answer while the user types: conversation names at once (they are in the
// store), messages from the cache after a short pause, one search at a time: a search asked
// for while another runs waits for it, and by then only the query as it is now is searched
// (the ones typed past are skipped). The pause is short (SEARCH_PAUSE_MS): keystrokes typed
// faster than it search only once, and it counts in every answer's time (bench B9: last
// keystroke → results painted). An answer for an older query is dropped. Searched again when
// new messages arrive (the conversations change with every one), so the results stay current.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import type { StoredMessage } from '../../db/database';
import { groupByConversation, searchConversationNames, searchMessages, type ResultGroup } from '../../search/search-messages';
import { queryWords } from '../../search/words';
import { compareForList } from '../../store/selectors';

/** The pause after a keystroke before the cache is searched (was 80 ms; an index lookup takes a few). */
export const SEARCH_PAUSE_MS = 40;

export interface SearchAnswer {
  words: string[];
  conversations: Conversation[];
  /** Messages by conversation: the latest answer (kept while the next one is searched, so nothing flickers); null before the first. */
  groups: ResultGroup[] | null;
  /** The messages shown answer an earlier query; this one's answer is on its way. */
  pending: boolean;
}

export function useSearch(query: string): SearchAnswer {
  const client = useClient();
  const byRef = useParley((s) => s.conversationsByRef);
  const accountOrder = useParley((s) => s.accountOrder);
  const words = useMemo(() => queryWords(query), [query]);
  const key = words.join(' ');
  const conversations = useMemo(() => searchConversationNames(Object.values(byRef).sort(compareForList), key), [byRef, key]);
  const [found, setFound] = useState<{ key: string; messages: StoredMessage[] } | null>(null);
  // The search running now (settled when it ends): the next one starts after it.
  const running = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (!key) return;
    let current = true;
    const timer = setTimeout(() => {
      running.current = running.current.then(async () => {
        if (!current) return; // typed past while the previous search ran
        try {
          const messages = await searchMessages(client.db, key, { accountIds: accountOrder });
          if (current) setFound({ key, messages });
        } catch {
          if (current) setFound({ key, messages: [] }); // a closed cache finds nothing
        }
      });
    }, SEARCH_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, key, accountOrder, byRef]);

  const groups = useMemo(() => {
    if (!found) return null;
    // Only conversations the list knows (signed-in accounts, not removed): they can be opened.
    return groupByConversation(found.messages).filter((g) => byRef[g.ref] !== undefined);
  }, [found, byRef]);
  return { words, conversations, groups, pending: found?.key !== key };
}
