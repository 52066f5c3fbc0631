// Messages reachable by keyboard in the virtualised thread (MessageList.tsx): one row is the
// list's tab stop (roving tabindex); Up/Down move between messages, Home/End to the first and
// last loaded, Shift+F10 or the Menu key opens the focused message's context menu, Esc goes
// back to the composer. Rows come and go as the list scrolls, so the focused message is kept
// by key, not by element: the list brings it into view and focuses it once it is rendered, and
// if its row is recycled while it has focus, focus goes to the scroller rather than the page.

import { useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { focusComposer } from './focus';
import { usePendingEdit } from './edit-request';
import { PLATFORM } from './platform';
import { matchesShortcut } from './shortcuts';

interface Options {
  keys: readonly string[];
  /** The rendered rows: keys[start] to keys[end - 1]. */
  start: number;
  end: number;
  /** The row to make the tab stop when the focused one is not rendered (the one being read). */
  fallbackKey: string | undefined;
  scroller: RefObject<HTMLDivElement | null>;
  /** Scroll the list so that row `key` is (or will be, after the next render) in view. */
  reveal(key: string): void;
}

const rowSelector = (key: string) => `[data-row-key="${CSS.escape(key)}"]`;

export function useMessageFocus({ keys, start, end, fallbackKey, scroller, reveal }: Options) {
  const [activeKey, setActiveKey] = useState<string | null>(null);
  /** A message to focus as soon as its row is rendered. */
  const pendingFocus = useRef<string | null>(null);
  /** Focus is (or was, until its row went) in the list. */
  const hadFocus = useRef(false);
  const pendingEdit = usePendingEdit();

  const rendered = (key: string | null | undefined) => {
    if (!key) return false;
    const i = keys.indexOf(key);
    return i >= start && i < end;
  };
  const tabStop = rendered(activeKey) ? activeKey : rendered(fallbackKey) ? fallbackKey! : (keys[end - 1] ?? null);

  const rowOf = (key: string) => scroller.current?.querySelector<HTMLElement>(rowSelector(key)) ?? null;

  // After every render of the list: focus what waits for its row; keep focus that lost its row.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const waiting = pendingFocus.current;
    if (waiting) {
      const row = rowOf(waiting);
      if (row) {
        pendingFocus.current = null;
        row.focus({ preventScroll: true });
        row.scrollIntoView({ block: 'nearest' });
      }
    } else if (hadFocus.current && (document.activeElement === document.body || document.activeElement === el)) {
      // The focused row was unmounted (recycled, or out of the range for one render while older
      // messages arrived above it): the list holds focus meanwhile, and the row takes it back
      // when it is rendered again, without scrolling to it.
      const row = activeKey ? rowOf(activeKey) : null;
      if (row) row.focus({ preventScroll: true });
      else if (document.activeElement === document.body) el.focus({ preventScroll: true });
    }
    // An edit asked for from the composer: bring its message into view, its bubble opens the editor.
    if (pendingEdit && keys.includes(pendingEdit) && !rowOf(pendingEdit)) reveal(pendingEdit);
  });

  // A click elsewhere moves focus on purpose: the list does not take it back.
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!scroller.current?.contains(e.target as Node)) hadFocus.current = false;
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [scroller]);

  function moveTo(key: string | undefined) {
    if (!key) return;
    setActiveKey(key);
    const row = rowOf(key);
    if (row) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
    } else {
      pendingFocus.current = key;
      reveal(key);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const target = event.target as HTMLElement;
    // Keys inside a message (its editor, a link, a menu) are theirs.
    const onRow = target === scroller.current || target.dataset.rowKey !== undefined;
    if (!onRow || keys.length === 0) return;
    const current = activeKey && keys.includes(activeKey) ? activeKey : tabStop;
    const i = current ? keys.indexOf(current) : keys.length - 1;
    const e = event.nativeEvent;
    if (matchesShortcut('messageUp', e, PLATFORM)) moveTo(keys[Math.max(0, i - 1)]);
    else if (matchesShortcut('messageDown', e, PLATFORM)) moveTo(keys[Math.min(keys.length - 1, i + 1)]);
    else if (matchesShortcut('firstMessage', e, PLATFORM)) moveTo(keys[0]);
    else if (matchesShortcut('lastMessage', e, PLATFORM)) moveTo(keys[keys.length - 1]);
    else if (matchesShortcut('messageMenu', e, PLATFORM)) {
      if (current) openMenu(current);
    } else if (matchesShortcut('backToComposer', e, PLATFORM)) {
      if (!focusComposer()) return;
      hadFocus.current = false;
    } else return;
    event.preventDefault();
  }

  /** The message's own context menu (MessageActions), as a right-click at its bubble would open it. */
  function openMenu(key: string) {
    const message = rowOf(key)?.querySelector<HTMLElement>('[data-testid="message"]');
    const bubble = message?.querySelector<HTMLElement>('.message__bubble') ?? message;
    if (!message || !bubble) return;
    const rect = bubble.getBoundingClientRect();
    const rtl = getComputedStyle(bubble).direction === 'rtl';
    message.dispatchEvent(
      new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: rtl ? rect.right - 8 : rect.left + 8, clientY: rect.bottom }),
    );
  }

  /** The browser's own context-menu key event lands on the focused row: it means the message's menu. */
  function onContextMenu(event: MouseEvent<HTMLElement>) {
    const key = (event.target as HTMLElement).dataset.rowKey;
    if (key === undefined) return;
    event.preventDefault();
    openMenu(key);
  }

  function onFocus(event: FocusEvent<HTMLElement>) {
    hadFocus.current = true;
    const key = (event.target as HTMLElement).dataset.rowKey;
    if (key !== undefined && key !== activeKey) setActiveKey(key);
  }

  function onBlur(event: FocusEvent<HTMLElement>) {
    // Focus went to another part of the window (not lost with a recycled row).
    if (event.relatedTarget && !scroller.current?.contains(event.relatedTarget as Node)) hadFocus.current = false;
  }

  return {
    listProps: { onKeyDown, onFocus, onBlur, onContextMenu, tabIndex: keys.length > 0 ? -1 : 0 },
    rowTabIndex: (key: string) => (key === tabStop ? 0 : -1),
  };
}
