// The people the view names: group members, message senders, whoever a system line
// mentions. Fetched with `users.get` as they come on screen (sync/user-directory.ts), never
// cached on disk, keyed by `userRef(accountId, userId)`. Written only through `applyBatch`.

import type { StateCreator } from 'zustand';
import type { User } from '../contract';
import type { ParleyState } from './index';

export interface UsersSlice {
  /** By `userRef(accountId, userId)`. */
  users: Record<string, User>;
}

export const createUsersSlice: StateCreator<ParleyState, [], [], UsersSlice> = () => ({
  users: {},
});
