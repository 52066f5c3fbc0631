// What the user is looking at. Typing, presence and calls slices will sit beside this one.

import type { StateCreator } from 'zustand';
import type { ParleyState } from './index';

export interface UiSlice {
  openConversationId: string | null;
  newConversationOpen: boolean;
  setOpenConversation(conversationId: string | null): void;
  setNewConversationOpen(open: boolean): void;
  resetUi(): void;
}

export const createUiSlice: StateCreator<ParleyState, [], [], UiSlice> = (set) => ({
  openConversationId: null,
  newConversationOpen: false,
  setOpenConversation: (conversationId) => set({ openConversationId: conversationId }),
  setNewConversationOpen: (open) => set({ newConversationOpen: open }),
  resetUi: () => set({ openConversationId: null, newConversationOpen: false }),
});
