// Who is typing where, and who is online: short-lived, never cached. Main expires typing
// itself (it sends the `false`), so nothing here runs a timer.

import type { StateCreator } from 'zustand';
import type { Presence } from '../contract';
import type { ParleyState } from './index';

export interface ActivitySlice {
  /** By conversation ref: the users typing there now. */
  typing: Record<string, Record<string, true>>;
  /** By `userRef(accountId, userId)`. */
  presence: Record<string, Presence>;
}

export const userRef = (accountId: string, userId: string): string => `${accountId}#${userId}`;

export const createActivitySlice: StateCreator<ParleyState, [], [], ActivitySlice> = () => ({
  typing: {},
  presence: {},
});
