// Derived views of the store. Memoised on their input so that React's
// useSyncExternalStore sees a stable value while nothing changed.

import type { Conversation } from '../contract';
import type { ParleyState, Thread } from './index';

export function compareByActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

let lastById: ParleyState['conversationsById'] | null = null;
let lastSorted: Conversation[] = [];

/** Newest activity first. Derived, never stored: one copy of each conversation. */
export function selectSortedConversations(state: ParleyState): Conversation[] {
  if (state.conversationsById !== lastById) {
    lastById = state.conversationsById;
    lastSorted = Object.values(state.conversationsById).sort(compareByActivity);
  }
  return lastSorted;
}

export const selectOpenConversation = (state: ParleyState): Conversation | null =>
  state.openConversationId ? (state.conversationsById[state.openConversationId] ?? null) : null;

export const selectThread =
  (conversationId: string) =>
  (state: ParleyState): Thread | undefined =>
    state.threads[conversationId];
