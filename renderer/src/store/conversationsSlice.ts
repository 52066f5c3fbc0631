// The conversations the sidebar can show, by ID. Their order is derived (see selectors.ts).

import type { StateCreator } from 'zustand';
import type { Conversation } from '../contract';
import { mergeConversation } from '../db/merge';
import type { ParleyState } from './index';

export interface ConversationsSlice {
  conversationsById: Record<string, Conversation>;
  /** Rows as stored in Dexie. Merged again here so that out-of-order applies cannot regress the preview. */
  upsertConversations(conversations: readonly Conversation[]): void;
  removeConversation(conversationId: string): void;
  clearConversations(): void;
}

export const createConversationsSlice: StateCreator<ParleyState, [], [], ConversationsSlice> = (set) => ({
  conversationsById: {},
  upsertConversations: (conversations) =>
    set((s) => {
      if (conversations.length === 0) return s;
      const next = { ...s.conversationsById };
      for (const c of conversations) next[c.id] = mergeConversation(next[c.id], c);
      return { conversationsById: next };
    }),
  removeConversation: (conversationId) =>
    set((s) => {
      if (!(conversationId in s.conversationsById)) return s;
      const { [conversationId]: _removed, ...rest } = s.conversationsById;
      return { conversationsById: rest };
    }),
  clearConversations: () => set({ conversationsById: {} }),
});
