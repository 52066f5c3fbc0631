// The conversations the unified list can show, of every signed-in account, keyed by
// `conversationRef(accountId, id)`: two accounts' conversation "5" never collide. Their
// order is derived (see selectors.ts). Written only through `applyBatch`.

import type { StateCreator } from 'zustand';
import type { Conversation } from '../contract';
import type { ParleyState } from './index';

export interface ConversationsSlice {
  conversationsByRef: Record<string, Conversation>;
}

export const createConversationsSlice: StateCreator<ParleyState, [], [], ConversationsSlice> = () => ({
  conversationsByRef: {},
});
