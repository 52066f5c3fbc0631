// How many of the list's rows to render: at first only the rows that can fit the window,
// then the rest in slices while the page is idle. Rendering 200 conversation rows at once is
// one 70–100 ms task on a cold start (bench B1), most of it for rows below the fold; the
// window's rows paint first, and every row is in the DOM a few idle slices later (tests,
// keyboard navigation and screen readers then see the whole list, as before). Once the whole
// list has been shown, it stays whole: later conversations appear at once.

import { useEffect, useState } from 'react';
import { rowsForWindow } from './rows-for-window';

export { rowsForWindow };

/** Rows rendered per idle slice after the first screen: each slice stays well under a 50 ms task. */
export const ROWS_PER_SLICE = 40;
type Later = (run: () => void) => () => void;

/** After the next paint, when the page is idle (or 200 ms at the latest). */
const whenIdle: Later = (run) => {
  if (typeof window === 'undefined' || !window.requestIdleCallback) {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const idle = window.requestIdleCallback(run, { timeout: 200 });
  return () => window.cancelIdleCallback(idle);
};

/** The next limit after an idle slice: one slice more, or every row (Infinity) once that covers the list. */
export function nextRowsShown(limit: number, total: number): number {
  return limit + ROWS_PER_SLICE >= total ? Infinity : limit + ROWS_PER_SLICE;
}

export function useRowsShown(total: number, firstRows: number = rowsForWindow(), later: Later = whenIdle): number {
  // Infinity once every row has been shown: the list never shrinks back to a first screen.
  const [limit, setLimit] = useState(firstRows);
  useEffect(() => {
    // Nothing to show yet (the list is still loading): the first rows that arrive get the first screen.
    if (limit === Infinity || total === 0) return;
    return later(() => setLimit((l) => nextRowsShown(l, total)));
  }, [limit, total, later]);
  return Math.min(limit, total);
}
