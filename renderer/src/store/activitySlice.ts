// Who is typing where, and who is online: short-lived, never cached. Main expires typing
// itself (it sends the `false`); the store keeps each state's `expiresAt` so that the view
// never shows one past it, should that `false` come late or not at all (useTypingUsers).

import type { StateCreator } from 'zustand';
import type { Presence } from '../contract';
import type { ParleyState } from './index';

export interface ActivitySlice {
  /** By conversation ref: the users typing there now, each with its expiresAt (Infinity: until stopped). */
  typing: Record<string, Record<string, number>>;
  /** By `userRef(accountId, userId)`. */
  presence: Record<string, Presence>;
}

export const userRef = (accountId: string, userId: string): string => `${accountId}#${userId}`;

export const createActivitySlice: StateCreator<ParleyState, [], [], ActivitySlice> = () => ({
  typing: {},
  presence: {},
});
