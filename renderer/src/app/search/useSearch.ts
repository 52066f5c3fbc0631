// The search's answer while the user types: conversation names at once (they are in the
// store), messages from the cache through a LiveSearch (search/live-search.ts): every
// keystroke asks at once, one that narrows the last answer is answered from it without a
// lookup, and a search for a query typed past is aborted, never waited for (bench B9: last
// keystroke → results painted). The answer follows writes to the cache (new messages,
// edits, deletions), so the results stay current.

import { useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { LiveSearch } from '../../search/live-search';
import { groupByConversation, searchConversationNames, type ResultGroup } from '../../search/search-messages';
import { queryWords } from '../../search/words';
import { compareForList } from '../../store/selectors';

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
  // One per set of signed-in accounts; it watches the cache only while subscribed.
  const live = useMemo(() => new LiveSearch(client.db, { accountIds: accountOrder }), [client, accountOrder]);
  const found = useSyncExternalStore(live.subscribe, live.current);
  // Before paint: a keystroke answered from the last answer shows in the same frame.
  useLayoutEffect(() => live.search(key), [live, key]);

  const groups = useMemo(() => {
    if (!found) return null;
    // Only conversations the list knows (signed-in accounts, not removed): they can be opened.
    return groupByConversation(found.messages).filter((g) => byRef[g.ref] !== undefined);
  }, [found, byRef]);
  return { words, conversations, groups, pending: found?.key !== key || found.pending };
}
