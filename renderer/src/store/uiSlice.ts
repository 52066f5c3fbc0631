// What the user is looking at: the open conversation, the account filter, the dialogs.

import type { StateCreator } from 'zustand';
import type { ProtocolId } from '../contract';
import type { ParleyState } from './index';

/** The sign-in screen shown over the chat to add an account (or sign one in again), prefilled. */
export interface AddAccountRequest {
  protocol?: ProtocolId;
  serverUrl?: string;
  username?: string;
}

export interface UiState {
  /** `conversationRef` of the open conversation. */
  openConversationRef: string | null;
  newConversationOpen: boolean;
  /** Show one account's conversations; null: every account's. */
  accountFilter: string | null;
  /** Set while the sign-in screen is shown to add an account; null otherwise. */
  addingAccount: AddAccountRequest | null;
  /** A group's member panel is shown beside the thread (stays open from group to group). */
  memberPanelOpen: boolean;
  /**
   * A message to bring into view, highlighted (search results): set by
   * `ParleyClient.openConversation(ref, { focusKey })`, which also loads the cached
   * messages around it; the message list scrolls to it, highlights it and sets this back to null.
   */
  focusMessage: { ref: string; key: string } | null;
}

export interface UiSlice extends UiState {
  setNewConversationOpen(open: boolean): void;
  setAccountFilter(accountId: string | null): void;
  setAddingAccount(request: AddAccountRequest | null): void;
  setMemberPanelOpen(open: boolean): void;
  /** The list shows `focusMessage` (or gives up on it): clears it. */
  clearFocusMessage(): void;
}

export const createUiSlice: StateCreator<ParleyState, [], [], UiSlice> = (set) => ({
  openConversationRef: null,
  newConversationOpen: false,
  accountFilter: null,
  addingAccount: null,
  memberPanelOpen: false,
  focusMessage: null,
  setNewConversationOpen: (open) => set({ newConversationOpen: open }),
  setAccountFilter: (accountId) => set((s) => ({ accountFilter: accountId && s.accounts[accountId] ? accountId : null })),
  setAddingAccount: (request) => set({ addingAccount: request, newConversationOpen: false }),
  setMemberPanelOpen: (open) => set({ memberPanelOpen: open }),
  clearFocusMessage: () => set({ focusMessage: null }),
});
