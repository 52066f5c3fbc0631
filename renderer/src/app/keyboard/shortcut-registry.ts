// The one document listener for the global shortcuts of the table (shortcuts.ts). Parts of the
// screen register what a shortcut does while they are mounted (useShortcut): the sidebar's
// search box owns "search", a ringing call's card owns "accept", the call screen owns "hang up".
// The newest registration wins (the latest card, the screen shown last).

import { useEffect, useRef } from 'react';
import { PLATFORM } from './platform';
import { matchShortcut, type ShortcutId } from './shortcuts';

type Handler = (digit: number) => void;

const handlers = new Map<ShortcutId, Handler[]>();
let listening = false;

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented) return;
  const found = matchShortcut(event, PLATFORM);
  if (!found) return;
  // A modal dialog is open: the page behind it is not the user's to drive.
  if (document.querySelector('dialog:modal')) return;
  const stack = handlers.get(found.id);
  const handler = stack?.[stack.length - 1];
  if (!handler) return;
  event.preventDefault();
  handler(found.digit);
}

function register(id: ShortcutId, handler: Handler): () => void {
  if (!listening) {
    document.addEventListener('keydown', onKeyDown);
    listening = true;
  }
  const stack = handlers.get(id) ?? [];
  stack.push(handler);
  handlers.set(id, stack);
  return () => {
    const i = stack.indexOf(handler);
    if (i >= 0) stack.splice(i, 1);
  };
}

/** While mounted (and `enabled`), the global shortcut `id` runs `handler` (given the digit for Ctrl+1…9). */
export function useShortcut(id: ShortcutId, handler: Handler, enabled = true): void {
  // The latest handler, without registering again on every render.
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    return register(id, (digit) => latest.current(digit));
  }, [id, enabled]);
}
