// "Edit my last message" (Up in an empty composer): the composer names the message, the list
// brings it into view and its bubble opens its editor. A one-slot store, read by both.

import { useSyncExternalStore } from 'react';
import type { Capabilities } from '../../contract';
import type { Thread } from '../../store/messagesSlice';
import { messageActions } from '../conversation/message-actions';

let pending: string | null = null;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks the bubble of message `key` to open its editor. */
export function requestEdit(key: string): void {
  pending = key;
  emit();
}

/** The bubble took the request. */
export function takeEditRequest(key: string): boolean {
  if (pending !== key) return false;
  pending = null;
  emit();
  return true;
}

/** The message waiting to be edited, or null. */
export function usePendingEdit(): string | null {
  return useSyncExternalStore(subscribe, () => pending);
}

/** Whether message `key` is the one waiting to be edited (re-renders that bubble only). */
export function useEditRequested(key: string): boolean {
  return useSyncExternalStore(subscribe, () => pending === key);
}

/** My newest message I can edit, among the thread's loaded messages (newest last), or null. */
export function lastEditableKey(
  thread: Thread | undefined,
  myUserId: string | undefined,
  capabilities: Pick<Capabilities, 'editMessages' | 'deleteMessages'> | undefined,
): string | null {
  if (!myUserId || !thread) return null;
  for (let i = thread.keys.length - 1; i >= 0; i--) {
    const m = thread.byKey[thread.keys[i]!];
    if (!m || m.senderId !== myUserId) continue;
    if (messageActions(m, true, capabilities).edit) return m.key;
  }
  return null;
}
