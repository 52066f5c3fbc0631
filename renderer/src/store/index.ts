// One Zustand store built from slices (zustand docs, "slices pattern"). Slice actions are
// synchronous state changes only; anything that touches Dexie or the network lives in
// src/sync and src/outbox, which write Dexie first and then call these actions.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ParleyApi } from '../contract';
import { createConversationsSlice, type ConversationsSlice } from './conversationsSlice';
import { createMessagesSlice, type MessagesSlice } from './messagesSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

// Later slices (typing, presence, calls) join this intersection and the list below.
export type ParleyState = SessionSlice & ConversationsSlice & MessagesSlice & UiSlice;
export type ParleyStore = StoreApi<ParleyState>;

export function createParleyStore(api: ParleyApi): ParleyStore {
  return createStore<ParleyState>()((...a) => ({
    ...createSessionSlice(api)(...a),
    ...createConversationsSlice(...a),
    ...createMessagesSlice(...a),
    ...createUiSlice(...a),
  }));
}

export type { DataState, SessionPhase } from './sessionSlice';
export type { Thread } from './messagesSlice';
