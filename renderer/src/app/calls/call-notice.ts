// A call command main refused ("Could not start the call: …"), shown by the call layer until
// closed or replaced. One at a time; the header buttons and the incoming card post here.

import { useSyncExternalStore } from 'react';

let notice: string | null = null;
const listeners = new Set<() => void>();

function set(next: string | null): void {
  notice = next;
  listeners.forEach((l) => l());
}

export const showCallNotice = (text: string): void => set(text);
export const clearCallNotice = (): void => set(null);

export function useCallNotice(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => notice,
  );
}
