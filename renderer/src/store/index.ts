// One Zustand store built from slices (zustand docs, "slices pattern"). Data reaches it only
// through `applyStoreBatch` (batch.ts): one `set` per batch of events, after the cache
// transaction for that batch. The slices' own actions change only what the user looks at.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ParleyApi } from '../contract';
import { createActivitySlice, type ActivitySlice } from './activitySlice';
import { createConversationsSlice, type ConversationsSlice } from './conversationsSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createMessagesSlice, type MessagesSlice } from './messagesSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createUsersSlice, type UsersSlice } from './usersSlice';

export type ParleyState = SessionSlice & ConversationsSlice & MessagesSlice & UiSlice & ActivitySlice & UsersSlice & HistorySlice;
export type ParleyStore = StoreApi<ParleyState>;

export function createParleyStore(api: ParleyApi): ParleyStore {
  return createStore<ParleyState>()((...a) => ({
    ...createSessionSlice(api)(...a),
    ...createConversationsSlice(...a),
    ...createMessagesSlice(...a),
    ...createUiSlice(...a),
    ...createActivitySlice(...a),
    ...createUsersSlice(...a),
    ...createHistorySlice(...a),
  }));
}

export type { DataState, SessionPhase, SessionEndedNotice, UnreadTotals } from './sessionSlice';
export type { Thread } from './messagesSlice';
