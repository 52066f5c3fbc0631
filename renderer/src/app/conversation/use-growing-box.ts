// A textarea as tall as its text, up to the composer's limit; past it, the box scrolls.
// Shared by the composer and the inline editor of a sent message.

import { useLayoutEffect, type RefObject } from 'react';
import { composerHeight } from './composer-rules';

export function useGrowingBox(box: RefObject<HTMLTextAreaElement | null>, text: string): void {
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    // scrollHeight leaves the border out; the box's height (border-box) includes it.
    const border = el.offsetHeight - el.clientHeight;
    const { height, scrolls } = composerHeight(el.scrollHeight + border);
    el.style.height = `${height}px`;
    el.style.overflowY = scrolls ? 'auto' : 'hidden';
  }, [box, text]);
}
